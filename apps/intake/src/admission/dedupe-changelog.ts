import type { Admin, Consumer, Kafka } from 'kafkajs';
import { DedupeStore } from './dedupe-store';

interface ChangelogOptions {
  topic: string;
  groupId: string;
  /** Give up waiting for the catch-up after this long (an abandoned transaction can hold the end back). */
  catchUpTimeoutMs: number;
}

/**
 * Keeps a {@link DedupeStore} in step with intake's compacted changelog
 * topic: from the beginning at start, then following it, so entries written
 * by other instances (after a rebalance moves a partition here) are known too.
 * The group never commits: every start reads the whole (compacted) topic.
 */
export class DedupeChangelog {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly admin: Admin,
    private readonly store: DedupeStore,
    private readonly options: ChangelogOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
    });
  }

  /** Starts following the topic and resolves once everything written before the call has been read. */
  async start(): Promise<{ entries: number; caughtUp: boolean; ms: number }> {
    const began = Date.now();
    const ends = await this.admin.fetchTopicOffsets(this.options.topic);
    const pending = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]),
    );
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    if (pending.size === 0) markCaughtUp();

    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const target = pending.get(payload.partition);
      if (target !== undefined && BigInt(payload.lastOffset) >= target) {
        pending.delete(payload.partition);
        if (pending.size === 0) markCaughtUp();
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (!message.key) continue;
          const value = message.value
            ? (JSON.parse(message.value.toString()) as { admittedAt?: string })
            : {};
          const at = value.admittedAt ? Date.parse(value.admittedAt) : Number(message.timestamp);
          this.store.remember(message.key.toString(), at);
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      caughtUp.then(() => true),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), this.options.catchUpTimeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    return { entries: this.store.size, caughtUp: done, ms: Date.now() - began };
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
