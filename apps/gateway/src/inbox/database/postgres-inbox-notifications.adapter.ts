import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { INBOX_SETTINGS } from '../inbox.di-tokens';
import type { InboxSettings } from '../inbox-settings';
import type { InboxNotifications } from '../ports/inbox-notifications.port';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * The {@link InboxNotifications} over Postgres LISTEN/NOTIFY: one
 * connection per gateway process, whatever the number of open streams, that
 * LISTENs on the schema's channel and fans each notification (its payload
 * is the partner id) out to that partner's subscribers in this process.
 *
 * Every gateway instance LISTENs, so an item stored by the projector of one
 * instance reaches streams held open by any other. When the connection
 * drops, it is opened again with backoff and every subscriber is woken
 * once: notifications sent in between are lost, but subscribers read from
 * their own position, so they catch up with nothing skipped.
 */
@Injectable()
export class PostgresInboxNotifications
  implements InboxNotifications, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly subscribers = new Map<string, Set<() => void>>();
  private client?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly config: ConfigService,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('inbox-notifications');
  }

  subscribe(partnerId: string, onChange: () => void): () => void {
    const set = this.subscribers.get(partnerId) ?? new Set<() => void>();
    set.add(onChange);
    this.subscribers.set(partnerId, set);
    return () => {
      set.delete(onChange);
      if (set.size === 0 && this.subscribers.get(partnerId) === set) this.subscribers.delete(partnerId);
    };
  }

  /** How many callbacks are registered (for health and tests of clean-up). */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The first connection must work: a gateway that cannot listen would serve streams that never move.
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.getOrThrow<string>('DATABASE_URL'),
      application_name: 'beacon-gateway-inbox-listener',
    });
    client.on('notification', (message) => {
      if (message.channel === this.settings.notifyChannel && message.payload) this.wake(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'the inbox LISTEN connection failed; reconnecting');
      this.broken(client);
    });
    client.on('end', () => this.broken(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.settings.notifyChannel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.failures = 0;
  }

  private broken(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().then(
        () => {
          this.logger.info('the inbox LISTEN connection is back; waking every stream to catch up');
          for (const partnerId of [...this.subscribers.keys()]) this.wake(partnerId);
        },
        (error: Error) => {
          this.logger.warn({ err: error }, 'could not reopen the inbox LISTEN connection; retrying');
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  private wake(partnerId: string): void {
    for (const callback of [...(this.subscribers.get(partnerId) ?? [])]) callback();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}
