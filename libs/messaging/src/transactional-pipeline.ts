import type { Batch, EachBatchPayload, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { ManagedConsumer } from './managed-consumer';

/** Records to write for one input batch, grouped by topic. */
export type PipelineOutput = { topic: string; messages: Message[] }[];

export interface TransactionalPipelineOptions {
  groupId: string;
  topics: string[];
  /** Stable per instance: a restarted instance fences its predecessor and aborts its open transaction. */
  transactionalId: string;
  /** Turns a batch into the records to write; it must not have side effects outside its return value. */
  transform: (batch: Batch) => PipelineOutput | Promise<PipelineOutput>;
  /** Called after each committed batch (for metrics and logs). */
  onCommitted?: (batch: Batch, output: PipelineOutput) => void;
  /** Called for each batch whose transaction was aborted (it will be delivered again). */
  onAborted?: (batch: Batch) => void;
  onFatal?: (error: Error) => void;
  transactionTimeoutMs?: number;
  /** How many partitions' batches are transformed at once and share one transaction (default 16). */
  partitionsPerTransaction?: number;
}

// The broker bounds one record batch per partition (max.message.bytes); each
// send carries at most this much so a batch of large events still fits.
const MAX_SEND_BYTES = 900 * 1024;

/** First retry delay of the transactional producer (doubles up to the client's maxRetryTime). */
export const TRANSACTION_RETRY_MS = 10;

function* slices(messages: Message[]): Generator<Message[]> {
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(String(message.value ?? '')) + 1024;
    if (current.length > 0 && size + bytes > MAX_SEND_BYTES) {
      yield current;
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) yield current;
}

/** A transformed batch waiting for the transaction that commits it. */
interface Pending {
  batch: Batch;
  output: PipelineOutput;
  done: (error?: Error) => void;
}

/**
 * Kafka's consume–transform–produce loop with exactly-once output: every
 * output record and the consumer offsets of the input it came from are
 * written in one transaction, so after a crash at any point either all of a
 * batch's output is visible to read-committed consumers, or none of it and
 * the batch is processed again.
 *
 * Batches of several partitions are transformed side by side and committed
 * together (group commit): while one transaction is under way, the batches
 * that become ready wait and then share the next one. A transaction costs
 * the same few round trips whatever it carries, so this is what keeps
 * latency low when many partitions each bring a few records. One
 * partition's batches still go one after another, in order.
 */
export class TransactionalPipeline {
  private readonly producer: Producer;
  private readonly consumer: ManagedConsumer;
  private waiting: Pending[] = [];
  private flushing = false;

  constructor(
    kafka: Kafka,
    private readonly options: TransactionalPipelineOptions,
  ) {
    this.producer = kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 30_000,
      // The first send of a transaction often meets CONCURRENT_TRANSACTIONS while
      // the broker still writes the previous commit's markers (a few ms); retried
      // after the client's 200 ms default it cost most of a batch's latency.
      // Same unbounded retries as kafkajs gives an idempotent producer.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: TRANSACTION_RETRY_MS },
    });
    this.consumer = new ManagedConsumer(kafka, {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: true,
      readCommitted: true,
      autoCommit: false,
      partitionsConsumedConcurrently: options.partitionsPerTransaction ?? 16,
      eachBatch: (payload) => this.process(payload),
      onFatal: options.onFatal,
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.start();
  }

  private async process({ batch, isRunning, isStale, heartbeat }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty() || !isRunning() || isStale()) return;
    const output = await this.options.transform(batch);
    await new Promise<void>((resolve, reject) => {
      this.waiting.push({ batch, output, done: (error) => (error ? reject(error) : resolve()) });
      void this.flush();
    });
    this.options.onCommitted?.(batch, output);
    await heartbeat();
  }

  /** Commits every waiting batch in one transaction; batches that arrive meanwhile take the next. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      // Let the batches transformed in the same turn join this transaction.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          await this.commit(group);
        } catch (error) {
          for (const pending of group) this.options.onAborted?.(pending.batch);
          for (const pending of group) pending.done(error as Error);
          continue;
        }
        for (const pending of group) pending.done();
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(group: readonly Pending[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const offsets = new Map<string, { partition: number; offset: string }[]>();
    for (const { batch, output } of group) {
      for (const { topic, messages } of output) {
        const list = byTopic.get(topic);
        if (list) list.push(...messages);
        else byTopic.set(topic, [...messages]);
      }
      const partitions = offsets.get(batch.topic) ?? [];
      partitions.push({ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() });
      offsets.set(batch.topic, partitions);
    }
    // One produce request for every topic of the transaction (and one AddPartitionsToTxn),
    // not one per topic: redaction writes several delivery topics and the audit topic at once.
    // Only a topic too large for one request spreads over further rounds.
    const rounds: TopicMessages[][] = [];
    for (const [topic, messages] of byTopic) {
      let round = 0;
      for (const slice of slices(messages)) (rounds[round++] ??= []).push({ topic, messages: slice });
    }
    const transaction = await this.producer.transaction();
    try {
      for (const topicMessages of rounds) await transaction.sendBatch({ topicMessages });
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [...offsets.entries()].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.producer.disconnect();
  }
}
