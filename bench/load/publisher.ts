/**
 * Simulated partner systems: one idempotent producer per partner, each
 * writing only its own inbound topic, as its principal. Two ways to send:
 * as fast as the broker takes it (throughput) or at a fixed offered rate
 * (latency), where the clock starts when an event is due, not when the
 * producer gets round to it, so a stalled pipeline shows in the figures.
 */
import { encodeCloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { Message, Producer } from 'kafkajs';
import { kafkaFor, partnerAccess, type BenchInfra } from './beacon-apps';
import type { EventFactory, OutboundEvent } from './events';

export interface PublisherOptions {
  /** Keep retrying a send that failed (through a broker restart) instead of giving up. */
  persistent?: boolean;
  /** Called once per event its broker acknowledged. */
  onPublished?: (sent: OutboundEvent) => void;
}

const MAX_BATCH = 500;

export class PartnerPublishers {
  private readonly producers = new Map<string, Producer>();
  private readonly queues = new Map<string, OutboundEvent[]>();
  private readonly loops = new Map<string, Promise<void>>();
  private wake = new Map<string, () => void>();
  private closing = false;
  /** Sends that failed and were tried again (persistent mode). */
  retries = 0;
  published = 0;

  constructor(
    infra: BenchInfra,
    private readonly topics: TopicRegistry,
    partnerIds: readonly string[],
    private readonly options: PublisherOptions = {},
  ) {
    for (const id of partnerIds) {
      const kafka = kafkaFor(partnerAccess(infra, id), `bench-partner-${id}`);
      this.producers.set(id, kafka.producer({ idempotent: true, maxInFlightRequests: 1 }));
      this.queues.set(id, []);
    }
  }

  async connect(): Promise<void> {
    await Promise.all([...this.producers.values()].map((p) => p.connect()));
    for (const id of this.producers.keys())
      this.loops.set(
        id,
        this.loop(id).catch((error: Error) => {
          this.failure ??= error;
        }),
      );
  }

  /** Queues events for their partners' producers; each producer sends what has queued in one request. */
  enqueue(events: readonly OutboundEvent[]): void {
    for (const sent of events) this.queues.get(sent.partnerId)?.push(sent);
    for (const wake of this.wake.values()) wake();
  }

  /** Resolves when every queued event was acknowledged. */
  async drained(): Promise<void> {
    while (
      this.failure === undefined &&
      ([...this.queues.values()].some((q) => q.length > 0) || this.inFlight > 0)
    )
      await new Promise((r) => setTimeout(r, 20));
    if (this.failure) throw this.failure;
  }

  private failure?: Error;

  private inFlight = 0;

  private async loop(partnerId: string): Promise<void> {
    const queue = this.queues.get(partnerId)!;
    const producer = this.producers.get(partnerId)!;
    const topic = this.topics.inbound(partnerId);
    while (!this.closing) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => this.wake.set(partnerId, resolve));
        continue;
      }
      const batch = queue.splice(0, MAX_BATCH);
      const messages: Message[] = batch.map((s) => encodeCloudEvent(s.event));
      this.inFlight += 1;
      try {
        for (;;) {
          try {
            await producer.send({ topic, acks: -1, messages });
            break;
          } catch (error) {
            if (!this.options.persistent || this.closing) throw error;
            // Retried with the same event ids: intake admits each (source, id) once.
            this.retries += 1;
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      } finally {
        this.inFlight -= 1;
      }
      this.published += batch.length;
      if (this.options.onPublished) for (const sent of batch) this.options.onPublished(sent);
    }
  }

  /** Sends `count` events from `factory` as fast as the producers go. */
  async burst(factory: EventFactory, first: number, count: number): Promise<void> {
    for (let n = first; n < first + count; n += MAX_BATCH) {
      const events: OutboundEvent[] = [];
      for (let i = n; i < Math.min(first + count, n + MAX_BATCH); i += 1) events.push(factory.make(i));
      this.enqueue(events);
      // Keep the queues short, so that memory stays flat however large the run.
      while ([...this.queues.values()].reduce((sum, q) => sum + q.length, 0) > 4 * MAX_BATCH)
        await new Promise((r) => setTimeout(r, 5));
    }
    await this.drained();
  }

  /**
   * Offers `rate` events per second for `seconds`, in 10 ms ticks; each
   * event's ce_time is the moment it was due.
   */
  async paced(factory: EventFactory, first: number, rate: number, seconds: number): Promise<number> {
    const began = Date.now();
    const total = Math.round(rate * seconds);
    let made = 0;
    while (made < total) {
      const elapsed = Date.now() - began;
      const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
      const events: OutboundEvent[] = [];
      for (; made < due; made += 1)
        events.push(factory.make(first + made, new Date(began + (made * 1000) / rate)));
      if (events.length > 0) this.enqueue(events);
      await new Promise((r) => setTimeout(r, 10));
    }
    await this.drained();
    return total;
  }

  async disconnect(): Promise<void> {
    await this.drained();
    this.closing = true;
    for (const wake of this.wake.values()) wake();
    await Promise.allSettled(this.loops.values());
    await Promise.all([...this.producers.values()].map((p) => p.disconnect()));
  }
}
