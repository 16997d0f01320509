import type { Batch, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
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
  onFatal?: (error: Error) => void;
  transactionTimeoutMs?: number;
}

// The broker bounds one record batch per partition (max.message.bytes); each
// send carries at most this much so a batch of large events still fits.
const MAX_SEND_BYTES = 900 * 1024;

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

/**
 * Kafka's consume–transform–produce loop with exactly-once output: for each
 * input batch, every output record and the consumer offsets are written in
 * one transaction, so after a crash at any point either all of a batch's
 * output is visible to read-committed consumers, or none of it and the batch
 * is processed again.
 */
export class TransactionalPipeline {
  private readonly producer: Producer;
  private readonly consumer: ManagedConsumer;

  constructor(
    kafka: Kafka,
    private readonly options: TransactionalPipelineOptions,
  ) {
    this.producer = kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 30_000,
    });
    this.consumer = new ManagedConsumer(kafka, {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: true,
      readCommitted: true,
      autoCommit: false,
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
    const transaction = await this.producer.transaction();
    try {
      for (const { topic, messages } of output) {
        for (const slice of slices(messages)) await transaction.send({ topic, messages: slice });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [
          {
            topic: batch.topic,
            partitions: [
              { partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
            ],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    this.options.onCommitted?.(batch, output);
    await heartbeat();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.producer.disconnect();
  }
}
