/**
 * Beacon end to end on a real broker and Postgres, against a plain kafkajs
 * pipe on the same broker (the ceiling), at the load's sizes:
 *
 * - `pipeline`: throughput. Partners publish `events` events as fast as
 *   they can; a run ends when a read-committed consumer has read every
 *   delivery and every audit record is a row in Postgres. The baseline pipe
 *   does one consume → fan out → commit stage with the same partitions,
 *   transactions and fan-out.
 * - `latency`: partners offer `rate` events/s; the time from
 *   an event's ce_time (when it was due) to the moment its delivery is read;
 *   `duration` seconds.
 *
 * Both report each app's peak resident memory (VmHWM) during the part.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import { encodeCloudEvent, headerText, topicsFor, type TopicRegistry } from '@beacon/messaging';
import { loadPartners as shippedPartners, provision } from '../../scripts/provision';
import { summarise, type Measurement } from '../harness';
import { BeaconFlow, kafkaFor, type BenchInfra } from '../load/beacon-apps';
import { CpuMeter, type MeteredProcess } from '../load/cpu';
import { EventFactory, loadPartners } from '../load/events';
import { AuditTable, FlowObserver } from '../load/observe';
import { PartnerPublishers } from '../load/publisher';
import { ExpectedRouting } from '../load/routing';

/** The load's sizes (`npm run bench -- --events … --rate … --partitions … --partners …`). */
export interface LoadOptions {
  /** Events per throughput run. */
  events: number;
  /** Offered events per second in the latency part. */
  rate: number;
  /**
   * A second, lower offered rate for the latency part: what an event waits
   * when Beacon keeps up, beside what it waits at `rate` (0: none).
   */
  steadyRate: number;
  /** Seconds of offered load in the latency part. */
  duration: number;
  partitions: number;
  partners: number;
}

export const DEFAULT_LOAD: LoadOptions = {
  events: 20_000,
  rate: 1_000,
  steadyRate: 200,
  duration: 60,
  partitions: 3,
  partners: 5,
};

export interface InfraPartOptions {
  seconds: number;
  runs: number;
  infra: BenchInfra & { postgres?: { pid?: number } };
  runDir: string;
  load?: Partial<LoadOptions>;
  log?: (line: string) => void;
}

const COMPLETION_TIMEOUT_MS = 15 * 60_000;

function namespace(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

/** Expected deliveries of events [first, first + count). */
function expectedCount(
  factory: EventFactory,
  routing: ExpectedRouting,
  first: number,
  count: number,
): number {
  let total = 0;
  for (let n = first; n < first + count; n += 1) total += routing.recipients(factory.make(n).event).length;
  return total;
}

function memoryRows(part: string, flow: BeaconFlow): Measurement[] {
  return Object.entries(flow.memory()).map(([app, m]) => ({
    part,
    metric: `peak resident memory (VmHWM), beacon-${app}`,
    unit: 'MiB',
    median: m.peakMiB,
    min: m.peakMiB,
    max: m.peakMiB,
    runs: 1,
    note: `resident at the end: ${Math.round(m.currentMiB)} MiB; aim < 200 MiB`,
  }));
}

/** The processes every run shares: the broker, Postgres (with its backends) and this one. */
function sharedProcesses(infra: InfraPartOptions['infra'], self: string): Record<string, MeteredProcess> {
  const processes: Record<string, MeteredProcess> = { [self]: { pid: process.pid } };
  if (infra.kafka.pid) processes['Kafka broker'] = { pid: infra.kafka.pid };
  if (infra.postgres?.pid) processes.postgres = { pid: infra.postgres.pid, children: true };
  return processes;
}

/** Adds one run's CPU seconds per process into `total`. */
function addCpu(total: Record<string, number>, run: Record<string, number>): void {
  for (const [name, seconds] of Object.entries(run)) total[name] = (total[name] ?? 0) + seconds;
}

/** CPU seconds per 1,000 events of each process, over the measured runs (not the warm-up). */
function cpuRows(part: string, label: string, used: Record<string, number>, events: number): Measurement[] {
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  return [...Object.entries(used), ['all of them', total] as const].map(([name, seconds]) => {
    const perThousand = (seconds / events) * 1000;
    return {
      part,
      metric: `${label}: CPU seconds per 1,000 events, ${name}`,
      unit: 'CPU s',
      median: perThousand,
      min: perThousand,
      max: perThousand,
      runs: 1,
      note: `${seconds.toFixed(1)} CPU s over ${events} events (${Math.round((seconds / total) * 100)}%)`,
    };
  });
}

/**
 * The ceiling: consume a partner's inbound records, write each body to the
 * delivery topics Beacon would send it to (named in a header by the
 * publisher, so the pipe does no routing), commit offsets in the same
 * transaction. One stage, no validation, no redaction, no audit.
 */
async function runBaseline(
  options: InfraPartOptions,
  load: LoadOptions,
  factory: EventFactory,
  routing: ExpectedRouting,
): Promise<{ rates: number[]; cpu: Record<string, number>; measured: number }> {
  const { infra } = options;
  const topics = topicsFor(namespace('bbase'));
  const kafka = kafkaFor(infra.kafka.admin, `${topics.namespace}-pipe`);
  const admin = kafka.admin();
  await admin.connect();
  await provision(kafka, admin, {
    namespace: topics.namespace,
    partners: factory.partners.map((p) => ({ id: p.id, name: p.id, sector: p.sector })),
    partitions: load.partitions,
    replicationFactor: 1,
    acls: false,
  });
  const pipe = new BaselinePipe(
    kafka,
    topics,
    factory.partners.map((p) => p.id),
  );
  const observer = new FlowObserver(
    kafka,
    topics,
    factory.partners.map((p) => p.id),
  );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const rates: number[] = [];
  const meter = new CpuMeter(() => sharedProcesses(infra, 'bench (pipe, partners, observer)'));
  const cpu: Record<string, number> = {};
  let measured = 0;
  try {
    await Promise.all([pipe.start(), observer.start(), producer.connect()]);
    let next = 0;
    let expected = 0;
    for (let run = -1; run < options.runs; run += 1) {
      const count = run < 0 ? Math.max(100, Math.floor(load.events / 10)) : load.events;
      const byTopic = new Map<string, Message[]>();
      for (let n = next; n < next + count; n += 1) {
        const { partnerId, event } = factory.make(n);
        const message = encodeCloudEvent(event);
        const fanout = routing.recipients(event);
        expected += fanout.length;
        message.headers = { ...message.headers, 'bench-fanout': fanout.join(',') };
        const topic = topics.inbound(partnerId);
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
      next += count;
      const began = Date.now();
      meter.start();
      for (const [topic, messages] of byTopic)
        for (let i = 0; i < messages.length; i += 500)
          await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
      await observer.waitFor(
        () => observer.deliveries.length >= expected,
        COMPLETION_TIMEOUT_MS,
        'baseline deliveries',
      );
      if (run >= 0) {
        rates.push(count / ((Date.now() - began) / 1000));
        addCpu(cpu, meter.stop());
        measured += count;
      }
    }
  } finally {
    await producer.disconnect();
    await observer.stop();
    await pipe.stop();
    const { deleteNamespaceTopics } = await import('@beacon/messaging');
    await deleteNamespaceTopics(admin, topics.namespace);
    await admin.disconnect();
  }
  return { rates, cpu, measured };
}

class BaselinePipe {
  private readonly consumer;
  private readonly producer;
  private readonly groupId: string;

  constructor(
    kafka: Kafka,
    private readonly topics: TopicRegistry,
    private readonly partnerIds: readonly string[],
  ) {
    this.groupId = `${topics.namespace}.pipe`;
    // The settings of Beacon's TransactionalPipeline and ManagedConsumer.
    this.consumer = kafka.consumer({ groupId: this.groupId, readUncommitted: false, sessionTimeout: 30_000 });
    this.producer = kafka.producer({
      transactionalId: `${topics.namespace}.pipe.tx-${randomUUID()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.partnerIds.map((id) => this.topics.inbound(id)),
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        if (batch.isEmpty()) return;
        const out = new Map<string, Message[]>();
        for (const m of batch.messages) {
          for (const partnerId of (headerText(m.headers, 'bench-fanout') ?? '').split(',')) {
            if (partnerId === '') continue;
            const topic = this.topics.deliver(partnerId);
            const list = out.get(topic) ?? [];
            list.push({ key: m.key, value: m.value, headers: m.headers });
            out.set(topic, list);
          }
        }
        const transaction = await this.producer.transaction();
        try {
          for (const [topic, messages] of out) await transaction.send({ topic, messages });
          await transaction.sendOffsets({
            consumerGroupId: this.groupId,
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
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

function resolveLoad(options: InfraPartOptions): LoadOptions {
  return { ...DEFAULT_LOAD, ...options.load };
}

async function withFlow<T>(
  options: InfraPartOptions,
  load: LoadOptions,
  prefix: string,
  use: (flow: BeaconFlow, factory: EventFactory, routing: ExpectedRouting) => Promise<T>,
): Promise<T> {
  const partners = loadPartners(load.partners, shippedPartners());
  const factory = new EventFactory(partners);
  const routing = new ExpectedRouting(partners);
  const flow = await BeaconFlow.create({
    infra: options.infra,
    namespace: namespace(prefix),
    partners,
    partitions: load.partitions,
    runDir: options.runDir,
  });
  try {
    await flow.startAll();
    return await use(flow, factory, routing);
  } finally {
    await flow.dispose();
  }
}

/** Throughput of Beacon end to end and of the baseline pipe, and the ratio. */
export async function benchPipeline(options: InfraPartOptions): Promise<Measurement[]> {
  const log = options.log ?? (() => undefined);
  const load = resolveLoad(options);
  const part = 'pipeline';
  const partners = loadPartners(load.partners, shippedPartners());
  const baselineFactory = new EventFactory(partners);
  log(`  baseline pipe: ${options.runs} runs of ${load.events} events…`);
  const { rates: baseline, ...baselineCpu } = await runBaseline(
    options,
    load,
    baselineFactory,
    new ExpectedRouting(partners),
  );

  log(`  Beacon (intake → redaction → audit): ${options.runs} runs of ${load.events} events…`);
  const { eventRates, deliveryRates, fanout, memory, cpu, measured } = await withFlow(
    options,
    load,
    'bflow',
    async (flow, factory, routing) => {
      const kafka = kafkaFor(options.infra.kafka.admin, `${flow.namespace}-observer`);
      const observer = new FlowObserver(
        kafka,
        flow.topics,
        partners.map((p) => p.id),
      );
      const audit = new AuditTable(options.infra.databaseUrl, `${flow.namespace}_audit`);
      const publishers = new PartnerPublishers(
        options.infra,
        flow.topics,
        partners.map((p) => p.id),
      );
      await Promise.all([observer.start(), publishers.connect()]);
      const eventRates: number[] = [];
      const deliveryRates: number[] = [];
      const meter = new CpuMeter(() => ({
        ...Object.fromEntries(
          [...flow.running].map(([app, running]) => [`beacon-${app}`, { pid: running.child.pid ?? 0 }]),
        ),
        ...sharedProcesses(options.infra, 'bench (partners, observer)'),
      }));
      const cpu: Record<string, number> = {};
      let measured = 0;
      let next = 0;
      let expected = 0;
      try {
        for (let run = -1; run < options.runs; run += 1) {
          // Run -1 warms up: JIT, connections, the first transactions.
          const count = run < 0 ? Math.max(100, Math.floor(load.events / 10)) : load.events;
          const deliveries = expectedCount(factory, routing, next, count);
          expected += deliveries;
          const began = Date.now();
          meter.start();
          await publishers.burst(factory, next, count);
          next += count;
          await observer.waitFor(
            async () => observer.deliveries.length >= expected && (await audit.count()) >= expected,
            COMPLETION_TIMEOUT_MS,
            `${expected} deliveries and audit rows`,
          );
          const seconds = (Date.now() - began) / 1000;
          if (run >= 0) {
            addCpu(cpu, meter.stop());
            measured += count;
            eventRates.push(count / seconds);
            deliveryRates.push(deliveries / seconds);
            log(
              `    run ${run + 1}: ${Math.round(count / seconds)} events/s, ${Math.round(deliveries / seconds)} deliveries/s`,
            );
          }
        }
      } finally {
        await publishers.disconnect();
        await observer.stop();
        await audit.close();
      }
      return {
        eventRates,
        deliveryRates,
        fanout: expected / next,
        memory: memoryRows(part, flow),
        cpu,
        measured,
      };
    },
  );
  const beacon = summarise(eventRates);
  const ceiling = summarise(baseline);
  const sizes = `${load.events} events/run, ${load.partners} partners, ${load.partitions} partitions, fan-out ${fanout.toFixed(2)}`;
  return [
    {
      part,
      metric: 'baseline kafkajs pipe (consume → fan out → commit, transactional)',
      unit: 'events/s',
      ...ceiling,
      note: sizes,
    },
    {
      part,
      metric: 'Beacon end to end (intake → redaction → delivery + audit row)',
      unit: 'events/s',
      ...beacon,
      note: sizes,
    },
    {
      part,
      metric: 'Beacon end to end, deliveries',
      unit: 'deliveries/s',
      ...summarise(deliveryRates),
      note: sizes,
    },
    {
      part,
      metric: 'Beacon ÷ baseline (medians; aim ≥ 0.6)',
      unit: 'ratio',
      median: beacon.median / ceiling.median,
      min: beacon.min / ceiling.max,
      max: beacon.max / ceiling.min,
      runs: beacon.runs,
    },
    ...memory,
    ...cpuRows(part, 'baseline', baselineCpu.cpu, baselineCpu.measured),
    ...cpuRows(part, 'Beacon', cpu, measured),
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Publish-to-delivery latency at the offered load `rate`, then (on a fresh
 * namespace and fresh apps, so nothing is left queued) at `steadyRate`.
 */
export async function benchLatency(options: InfraPartOptions): Promise<Measurement[]> {
  const load = resolveLoad(options);
  const rates = [
    load.rate,
    ...(load.steadyRate > 0 && load.steadyRate !== load.rate ? [load.steadyRate] : []),
  ];
  const rows: Measurement[] = [];
  for (const rate of rates) rows.push(...(await latencyAt(options, { ...load, rate }, rate === load.rate)));
  return rows;
}

/** Publish-to-delivery latency at `load.rate`; with `withMemory`, each app's peak memory too. */
async function latencyAt(
  options: InfraPartOptions,
  load: LoadOptions,
  withMemory: boolean,
): Promise<Measurement[]> {
  const log = options.log ?? (() => undefined);
  const part = 'latency';
  return withFlow(options, load, 'blat', async (flow, factory, routing) => {
    const partners = factory.partners.map((p) => p.id);
    const kafka = kafkaFor(options.infra.kafka.admin, `${flow.namespace}-observer`);
    let measuring = false;
    const latencies: number[] = [];
    // The two halves: publish → redaction produced the delivery; produced → committed and read.
    const toProduced: number[] = [];
    const toRead: number[] = [];
    const observer = new FlowObserver(kafka, flow.topics, partners, {
      onDelivery: (sentAt, producedAt, readAt) => {
        if (!measuring) return;
        latencies.push(readAt - sentAt);
        toProduced.push(producedAt - sentAt);
        toRead.push(readAt - producedAt);
      },
    });
    const audit = new AuditTable(options.infra.databaseUrl, `${flow.namespace}_audit`);
    const publishers = new PartnerPublishers(options.infra, flow.topics, partners);
    await Promise.all([observer.start(), publishers.connect()]);
    try {
      const warm = Math.max(100, Math.floor(load.rate * 2));
      let expected = expectedCount(factory, routing, 0, warm);
      await publishers.burst(factory, 0, warm);
      await observer.waitFor(() => observer.deliveries.length >= expected, COMPLETION_TIMEOUT_MS, 'warm-up');
      measuring = true;
      log(`  offering ${load.rate} events/s for ${load.duration} s…`);
      const total = Math.round(load.rate * load.duration);
      expected += expectedCount(factory, routing, warm, total);
      await publishers.paced(factory, warm, load.rate, load.duration);
      await observer.waitFor(
        async () => observer.deliveries.length >= expected && (await audit.count()) >= expected,
        COMPLETION_TIMEOUT_MS,
        'every delivery and audit row of the paced load',
      );
      measuring = false;
    } finally {
      await publishers.disconnect();
      await observer.stop();
      await audit.close();
    }
    const sorted = latencies.sort((a, b) => a - b);
    const note = `${load.rate} events/s offered for ${load.duration} s, ${sorted.length} deliveries, ${load.partners} partners, ${load.partitions} partitions`;
    const at = `at ${load.rate.toLocaleString('en-GB')}/s:`;
    const row = (metric: string, value: number): Measurement => ({
      part,
      metric,
      unit: 'ms',
      median: value,
      min: value,
      max: value,
      runs: 1,
      note,
    });
    return [
      row(`${at} publish → delivery read, p50`, percentile(sorted, 50)),
      row(`${at} publish → delivery read, p95`, percentile(sorted, 95)),
      row(`${at} publish → delivery read, p99 (aim ≤ 50 ms at 1,000/s)`, percentile(sorted, 99)),
      row(`${at} publish → delivery read, p99.9`, percentile(sorted, 99.9)),
      row(`${at} publish → delivery read, max`, sorted[sorted.length - 1] ?? NaN),
      row(
        `${at} of which publish → delivery produced by redaction (Kafka timestamp), p50`,
        percentile(
          toProduced.sort((a, b) => a - b),
          50,
        ),
      ),
      row(
        `${at} of which delivery produced → read committed, p50`,
        percentile(
          toRead.sort((a, b) => a - b),
          50,
        ),
      ),
      ...(withMemory ? memoryRows(part, flow) : []),
    ];
  });
}
