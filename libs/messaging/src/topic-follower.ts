import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';

export interface TopicFollowerOptions {
  topic: string;
  /** A group of its own: it never commits, so every start reads the topic from its beginning. */
  groupId: string;
  /** Called for every record, in order per partition. */
  onRecord: (message: KafkaMessage, partition: number) => void;
  /** Give up waiting for the catch-up after this long (an abandoned transaction can hold the end back). */
  catchUpTimeoutMs?: number;
}

/**
 * Reads a (typically compacted) topic from its beginning and keeps following
 * it, read-committed, to keep an in-memory view that any instance can
 * rebuild: intake's replay memory, the partner directory. {@link start}
 * resolves once everything written before the call has been read.
 */
export class TopicFollower {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly admin: Admin,
    private readonly options: TopicFollowerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<{ caughtUp: boolean; ms: number }> {
    const began = Date.now();
    const ends = await this.admin.fetchTopicOffsets(this.options.topic);
    // The last offset of a partition written transactionally is a commit marker,
    // which kafkajs counts in a batch's last offset though it hides the record.
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
        for (const message of batch.messages) this.options.onRecord(message, batch.partition);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      caughtUp.then(() => true),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), this.options.catchUpTimeoutMs ?? 60_000)),
      ),
    ]);
    clearTimeout(timer);
    return { caughtUp: done, ms: Date.now() - began };
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
