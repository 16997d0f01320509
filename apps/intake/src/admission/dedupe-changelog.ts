import { TopicFollower } from '@beacon/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { DedupeStore } from './dedupe-store';

/**
 * Keeps a {@link DedupeStore} in step with intake's compacted changelog
 * topic: from the beginning at start, then following it, so entries written
 * by other instances (after a rebalance moves a partition here) are known too.
 */
export class DedupeChangelog {
  private readonly follower: TopicFollower;

  constructor(
    kafka: Kafka,
    admin: Admin,
    store: DedupeStore,
    options: { topic: string; groupId: string; catchUpTimeoutMs: number },
  ) {
    this.follower = new TopicFollower(kafka, admin, {
      ...options,
      onRecord: (message) => {
        if (!message.key) return;
        const value = message.value ? (JSON.parse(message.value.toString()) as { admittedAt?: string }) : {};
        store.remember(
          message.key.toString(),
          value.admittedAt ? Date.parse(value.admittedAt) : Number(message.timestamp),
        );
      },
    });
  }

  async start() {
    return this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }
}
