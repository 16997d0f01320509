import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PinoLogger } from 'nestjs-pino';
import { INBOX_SETTINGS } from '../../inbox.di-tokens';
import type { InboxSettings } from '../../inbox-settings';
import { PurgeInboxCommand } from './purge-inbox.command';

/**
 * Runs {@link PurgeInboxCommand} at start and every
 * INBOX_PURGE_INTERVAL_MINUTES. Every instance purges; the deletes are
 * idempotent, so instances need not agree on who does it.
 */
@Injectable()
export class PurgeInboxScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = Promise.resolve();

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('inbox-purge');
  }

  onApplicationBootstrap(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), this.settings.purgeIntervalMs);
  }

  private schedule(): void {
    this.running = this.running
      .then(async () => {
        const removed = await this.commandBus.execute(new PurgeInboxCommand(new Date()));
        if (removed.items > 0 || removed.tickets > 0) this.logger.info(removed, 'inbox purged');
      })
      .catch((error: Error) =>
        this.logger.warn({ err: error }, 'could not purge the inbox; trying again later'),
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
