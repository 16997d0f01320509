import type { Batch, EachBatchPayload, Kafka, ProducerConfig } from 'kafkajs';
import { TransactionalPipeline, type PipelineOutput } from './transactional-pipeline';

interface Recorded {
  producer?: ProducerConfig;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  concurrency?: number;
  transactions: {
    sends: { topic: string; keys: string[] }[];
    requests: number;
    offsets: unknown;
    outcome?: string;
  }[];
  failCommit: boolean;
}

/** A kafkajs stand-in that records what the pipeline asks of it; nothing connects. */
function recordingKafka() {
  const seen: Recorded = { transactions: [], failCommit: false };
  const kafka = {
    producer: (config: ProducerConfig) => {
      seen.producer = config;
      return {
        connect: async () => undefined,
        transaction: async () => {
          const tx: Recorded['transactions'][number] = { sends: [], requests: 0, offsets: undefined };
          seen.transactions.push(tx);
          return {
            sendBatch: async ({
              topicMessages,
            }: {
              topicMessages: { topic: string; messages: { key: string }[] }[];
            }) => {
              tx.requests += 1;
              for (const { topic, messages } of topicMessages)
                tx.sends.push({ topic, keys: messages.map((m) => m.key) });
            },
            sendOffsets: async ({ topics }: { topics: unknown }) => {
              tx.offsets = topics;
            },
            commit: async () => {
              if (seen.failCommit) throw new Error('fenced');
              tx.outcome = 'committed';
            },
            abort: async () => {
              tx.outcome = 'aborted';
            },
          };
        },
      };
    },
    consumer: () => ({
      on: () => undefined,
      events: { CRASH: 'consumer.crash' },
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: { eachBatch: Recorded['eachBatch']; partitionsConsumedConcurrently: number }) => {
        seen.eachBatch = config.eachBatch;
        seen.concurrency = config.partitionsConsumedConcurrently;
      },
    }),
  } as unknown as Kafka;
  return { kafka, seen };
}

function batchOf(partition: number, keys: string[], lastOffset: string): EachBatchPayload {
  const batch = {
    topic: 'in',
    partition,
    messages: keys.map((key) => ({ key, value: key })),
    isEmpty: () => keys.length === 0,
    lastOffset: () => lastOffset,
  } as unknown as Batch;
  return {
    batch,
    isRunning: () => true,
    isStale: () => false,
    heartbeat: async () => undefined,
  } as unknown as EachBatchPayload;
}

const copyToOut = (batch: Batch): PipelineOutput => [
  { topic: 'out', messages: batch.messages.map((m) => ({ key: String(m.key), value: m.value })) },
];

describe('the transactional pipeline', () => {
  it('given a pipeline, then its producer is transactional, idempotent, one request in flight, and retries CONCURRENT_TRANSACTIONS within 20 ms without end', () => {
    const { kafka, seen } = recordingKafka();
    new TransactionalPipeline(kafka, {
      groupId: 'g',
      topics: ['in'],
      transactionalId: 'tx-0',
      transform: copyToOut,
    });
    expect(seen.producer).toMatchObject({
      transactionalId: 'tx-0',
      idempotent: true,
      maxInFlightRequests: 1,
    });
    expect(seen.producer?.retry?.initialRetryTime).toBeLessThanOrEqual(20);
    expect(seen.producer?.retry?.retries).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('given batches of three partitions ready together, when they are processed, then one transaction carries their records and all three offsets', async () => {
    const { kafka, seen } = recordingKafka();
    const committed: number[] = [];
    const pipeline = new TransactionalPipeline(kafka, {
      groupId: 'g',
      topics: ['in'],
      transactionalId: 'tx-0',
      transform: copyToOut,
      onCommitted: (batch) => committed.push(batch.partition),
    });
    await pipeline.start();
    expect(seen.concurrency).toBeGreaterThan(1);
    await Promise.all([
      seen.eachBatch!(batchOf(0, ['a', 'b'], '11')),
      seen.eachBatch!(batchOf(1, ['c'], '4')),
      seen.eachBatch!(batchOf(2, ['d'], '0')),
    ]);
    expect(seen.transactions).toEqual([
      {
        sends: [{ topic: 'out', keys: ['a', 'b', 'c', 'd'] }],
        requests: 1,
        offsets: [
          {
            topic: 'in',
            partitions: [
              { partition: 0, offset: '12' },
              { partition: 1, offset: '5' },
              { partition: 2, offset: '1' },
            ],
          },
        ],
        outcome: 'committed',
      },
    ]);
    expect(committed.sort()).toEqual([0, 1, 2]);
  });

  it('given a batch fanned out to several topics, when it is committed, then all its records go in one produce request', async () => {
    const { kafka, seen } = recordingKafka();
    const pipeline = new TransactionalPipeline(kafka, {
      groupId: 'g',
      topics: ['in'],
      transactionalId: 'tx-0',
      transform: (batch) =>
        ['deliver.a', 'deliver.b', 'audit'].map((topic) => ({
          topic,
          messages: batch.messages.map((m) => ({ key: `${topic}:${String(m.key)}`, value: m.value })),
        })),
    });
    await pipeline.start();
    await seen.eachBatch!(batchOf(0, ['x'], '7'));
    expect(seen.transactions.map((tx) => ({ requests: tx.requests, sends: tx.sends }))).toEqual([
      {
        requests: 1,
        sends: [
          { topic: 'deliver.a', keys: ['deliver.a:x'] },
          { topic: 'deliver.b', keys: ['deliver.b:x'] },
          { topic: 'audit', keys: ['audit:x'] },
        ],
      },
    ]);
  });

  it('given a commit that fails, then the transaction is aborted and every batch in it fails and is reported aborted', async () => {
    const { kafka, seen } = recordingKafka();
    const aborted: number[] = [];
    const committed: number[] = [];
    const pipeline = new TransactionalPipeline(kafka, {
      groupId: 'g',
      topics: ['in'],
      transactionalId: 'tx-0',
      transform: copyToOut,
      onCommitted: (batch) => committed.push(batch.partition),
      onAborted: (batch) => aborted.push(batch.partition),
    });
    await pipeline.start();
    seen.failCommit = true;
    const results = await Promise.allSettled([
      seen.eachBatch!(batchOf(0, ['a'], '1')),
      seen.eachBatch!(batchOf(1, ['b'], '2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(seen.transactions.map((t) => t.outcome)).toEqual(['aborted']);
    expect(aborted.sort()).toEqual([0, 1]);
    expect(committed).toEqual([]);
  });

  it('given a batch that arrives while a transaction is under way, then it waits and goes in the next one', async () => {
    const { kafka, seen } = recordingKafka();
    const pipeline = new TransactionalPipeline(kafka, {
      groupId: 'g',
      topics: ['in'],
      transactionalId: 'tx-0',
      transform: copyToOut,
    });
    await pipeline.start();
    const first = seen.eachBatch!(batchOf(0, ['a'], '0'));
    while (seen.transactions.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = seen.eachBatch!(batchOf(1, ['b'], '0'));
    await Promise.all([first, second]);
    expect(seen.transactions.map((t) => t.sends)).toEqual([
      [{ topic: 'out', keys: ['a'] }],
      [{ topic: 'out', keys: ['b'] }],
    ]);
  });
});
