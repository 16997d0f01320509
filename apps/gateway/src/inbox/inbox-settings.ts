import { createHash } from 'node:crypto';
import type { ConfigService } from '@nestjs/config';
import type { TopicRegistry } from '@beacon/messaging';
import { env, type EnvSpec } from '@beacon/platform';

/** The case-worker inbox's settings (merged into the gateway's settings). */
export const inboxSpec = {
  INBOX_RETENTION_DAYS: env.int(1, 3650, 30),
  INBOX_PURGE_INTERVAL_MINUTES: env.int(1, 1440, 60),
  INBOX_HEARTBEAT_SECONDS: env.int(1, 300, 15),
  INBOX_TICKET_TTL_SECONDS: env.int(1, 600, 60),
  INBOX_TOPIC_REFRESH_SECONDS: env.int(1, 3600, 30),
} satisfies EnvSpec;

/** The inbox's settings as the code uses them. */
export interface InboxSettings {
  /** Stored deliveries older than this (by arrival) are purged. */
  retentionMs: number;
  purgeIntervalMs: number;
  /** A comment line is sent on every open stream this often, so proxies keep it open. */
  heartbeatMs: number;
  /** How long a stream ticket may wait for its one use. */
  ticketTtlMs: number;
  /** How often the projector looks for delivery topics of partners onboarded since. */
  topicRefreshMs: number;
  /** The consumer group of the projector, under the gateway's group prefix (which its ACL grants). */
  consumerGroup: string;
  /** The Postgres NOTIFY channel; one per gateway schema, so stacks sharing a database never cross. */
  notifyChannel: string;
}

// ConfigService may hand back the raw string or the parsed number, depending on where it found the value.
const whole = (config: ConfigService, name: keyof typeof inboxSpec): number =>
  Number(config.getOrThrow(name));

/** The channel name for a schema: `inbox_<schema>`, hashed when it would pass Postgres' 63-byte limit. */
export function inboxChannel(schema: string): string {
  const plain = `inbox_${schema}`;
  if (plain.length <= 63) return plain;
  return `inbox_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

export function inboxSettingsFrom(config: ConfigService, topics: TopicRegistry): InboxSettings {
  return {
    retentionMs: whole(config, 'INBOX_RETENTION_DAYS') * 24 * 3600_000,
    purgeIntervalMs: whole(config, 'INBOX_PURGE_INTERVAL_MINUTES') * 60_000,
    heartbeatMs: whole(config, 'INBOX_HEARTBEAT_SECONDS') * 1000,
    ticketTtlMs: whole(config, 'INBOX_TICKET_TTL_SECONDS') * 1000,
    topicRefreshMs: whole(config, 'INBOX_TOPIC_REFRESH_SECONDS') * 1000,
    consumerGroup: topics.consumerGroup('gateway.inbox'),
    notifyChannel: inboxChannel(config.get<string>('DATABASE_SCHEMA') || 'gateway'),
  };
}
