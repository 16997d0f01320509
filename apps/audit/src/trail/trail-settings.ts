import type { ConfigService } from '@nestjs/config';
import type { TopicRegistry } from '@beacon/messaging';

/** How the trail is written, from the validated settings (see audit.settings.ts). */
export interface TrailSettings {
  /** Sign a checkpoint whenever this many rows were added since the last one. */
  checkpointEvery: number;
  /** …and this long after rows were added, at the latest. */
  checkpointIntervalMs: number;
  /** The consumer group that reads the audit topic. */
  consumerGroup: string;
}

export function trailSettingsFrom(config: ConfigService, topics: TopicRegistry): TrailSettings {
  const suffix = config.get<string>('AUDIT_CONSUMER_GROUP_SUFFIX');
  const group = topics.consumerGroup('audit');
  return {
    checkpointEvery: config.getOrThrow<number>('AUDIT_CHECKPOINT_EVERY'),
    checkpointIntervalMs: config.getOrThrow<number>('AUDIT_CHECKPOINT_INTERVAL_SECONDS') * 1000,
    // Under the app's group prefix, which its Kafka ACL grants.
    consumerGroup: suffix ? `${group}.${suffix}` : group,
  };
}
