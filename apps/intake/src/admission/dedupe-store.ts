/**
 * The (source, id) pairs intake has admitted within the replay window. A
 * partner that re-sends an event it already sent (a retry, a replayed
 * export) must not make Beacon publish it twice.
 *
 * The memory is rebuilt at start from a compacted Kafka topic that intake
 * writes in the same transaction as the events it admits, so the set and the
 * canonical log can never disagree, whichever instance or restart reads it.
 */
export class DedupeStore {
  private readonly admittedAt = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** The key of an event in the store and on the changelog topic. */
  static keyOf(source: string, id: string): string {
    return JSON.stringify([source, id]);
  }

  get size(): number {
    return this.admittedAt.size;
  }

  /** True when the pair was admitted within the window before `now`. */
  has(key: string, now: number): boolean {
    const at = this.admittedAt.get(key);
    return at !== undefined && now - at < this.windowMs;
  }

  remember(key: string, at: number): void {
    this.admittedAt.set(key, at);
  }

  /** Drops a pair whose admission was rolled back, so its redelivery is admitted again. */
  forget(key: string): void {
    this.admittedAt.delete(key);
  }

  /** Drops entries older than the window; returns how many. */
  evict(now: number): number {
    let evicted = 0;
    for (const [key, at] of this.admittedAt) {
      if (now - at >= this.windowMs) {
        this.admittedAt.delete(key);
        evicted += 1;
      }
    }
    return evicted;
  }
}
