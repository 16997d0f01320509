import type { PublishOutboxMessages } from './outbox-message';

/**
 * Where the relay finds unpublished messages: the port its loop runs
 * against, implemented for Postgres by {@link PostgresOutboxStore} and by an
 * in-memory fake in the specs.
 */
export interface OutboxStore {
  /**
   * Takes up to `limit` unpublished messages, oldest first, hands them to
   * `publish`, and marks them published once it resolves — all in one
   * transaction, so a message is marked only after the broker acknowledged
   * it. When `publish` rejects, nothing is marked and the rejection is
   * passed on. Resolves with the number of messages published (0 when none
   * waited or another relay holds the outbox).
   */
  publishNext(limit: number, publish: PublishOutboxMessages): Promise<number>;
}

/** How an {@link OutboxRelay} finds, publishes and paces its work. */
export interface OutboxRelayOptions {
  readonly store: OutboxStore;
  readonly publish: PublishOutboxMessages;
  /** How long the relay waits between polls when the outbox is empty. Default 100 ms. */
  readonly intervalMs?: number;
  /** The most messages one transaction publishes. Default 100. */
  readonly batchSize?: number;
  /** The longest wait after consecutive failures (the wait doubles from `intervalMs`). Default 5 s. */
  readonly maxBackoffMs?: number;
  /**
   * Told of every failed pass with the number of consecutive failures. The
   * relay keeps going, so this is where a failure becomes visible (a log line).
   */
  readonly onError: (error: unknown, consecutiveFailures: number) => void;
}

const DEFAULT_INTERVAL_MS = 100;
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_MAX_BACKOFF_MS = 5_000;

/**
 * The transactional outbox's relay: polls an {@link OutboxStore} and
 * publishes what waits there, oldest first, one batch per transaction.
 *
 * Delivery is **at least once**. The store marks a batch published in the
 * same transaction that read it, after the broker acknowledged it; a crash
 * (or a lost database connection) between the acknowledgement and the commit
 * leaves the batch unmarked, and it is published again. Consumers therefore
 * recognise events they have already processed by their event id.
 *
 * A failed pass is retried with a doubling wait, up to `maxBackoffMs`, so
 * that a broker outage is not hammered. Since messages are taken strictly in
 * order, a message the publisher can never accept holds back those after
 * it; `onError` reports it on every attempt.
 *
 * Plain TypeScript: no Nest, no database and no Kafka client here, so the
 * loop is tested with an in-memory store.
 */
export class OutboxRelay {
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: ((reason: 'nudge' | 'stop') => void) | undefined;
  private nudged = false;
  private failures = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.intervalMs = positive('intervalMs', options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.batchSize = positive('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.maxBackoffMs = positive('maxBackoffMs', options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  }

  /** Whether the loop runs (between {@link start} and {@link stop}). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts polling; the first pass runs at once, so messages left by an earlier process go out first. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.loop = this.run();
  }

  /**
   * Asks for a pass now rather than at the next poll; call it right after a
   * transaction that wrote to the outbox commits. Nudges while the relay is
   * backing off after a failure are ignored, so that every request does not
   * retry against a broker that is down.
   */
  nudge(): void {
    this.nudged = true;
    this.wake?.('nudge');
  }

  /**
   * Stops polling and resolves once the pass under way, if any, has
   * finished, so nothing is published after this resolves.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.('stop');
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Publishes batches until the outbox is empty (a batch comes back short);
   * resolves with how many messages went out. The loop calls it; a script or
   * a test may call it directly. Rejects with the first failure.
   */
  async pump(): Promise<number> {
    return this.drain(() => true);
  }

  private async drain(keepGoing: () => boolean): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.options.store.publishNext(this.batchSize, this.options.publish);
      total += published;
      if (published < this.batchSize || !keepGoing()) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.nudged = false;
      try {
        await this.drain(() => this.running);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.report(error);
      }
      if (!this.running) break;
      // A commit that landed while this pass was reading may not have been
      // seen; go round again at once instead of waiting a whole interval.
      if (this.nudged && this.failures === 0) continue;
      await this.sleep(this.failures === 0 ? this.intervalMs : this.backoff());
    }
  }

  private backoff(): number {
    // Capped exponent: 2 ** 1024 is Infinity, and the cap applies long before.
    return Math.min(this.maxBackoffMs, this.intervalMs * 2 ** Math.min(this.failures, 30));
  }

  private sleep(ms: number): Promise<void> {
    const backingOff = this.failures > 0;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // The timer alone must not keep a process alive that has nothing else to do.
      timer.unref();
      this.wake = (reason) => {
        if (reason === 'stop' || !backingOff) done();
      };
    });
  }

  private report(error: unknown): void {
    try {
      this.options.onError(error, this.failures);
    } catch {
      // A failing error reporter must not stop the relay: the messages still wait.
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`OutboxRelay: ${name} must be a positive whole number, got ${String(value)}`);
  }
  return value;
}
