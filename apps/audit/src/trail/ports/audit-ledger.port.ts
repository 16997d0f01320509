import type { AppendPlan, ChainRow, ChainState, SignedCheckpoint } from '../../chain';

/**
 * A consistent view of the whole trail at one moment: rows appended or
 * checkpoints signed after it opened are not in it, so every checkpoint it
 * holds names a row it holds too. Close it when done.
 */
export interface LedgerSnapshot {
  /** Every checkpoint, by partition then sequence. */
  checkpoints(): Promise<SignedCheckpoint[]>;
  /** Every row, by partition then sequence, read in pages (never all at once). */
  rows(): AsyncIterable<ChainRow>;
  close(): Promise<void>;
}

/** What a chain's state says before a checkpoint of its head is planned. */
export type HeadState = Omit<ChainState, 'stored'>;

/**
 * The audit chains and their checkpoints. Appends and checkpoints of one
 * partition are serialised (one writer at a time per chain, even across app
 * instances during a consumer-group rebalance), and each is one transaction:
 * a batch's rows and the checkpoints they make due are stored together or
 * not at all.
 */
export interface AuditLedger {
  /**
   * Locks the partition's chain, reads its state (head, newest checkpoint,
   * which of `recordIds` are stored already), asks `plan` what to write,
   * and writes it. Resolves with the plan as written.
   *
   * @throws {ChainRaceError} when a planned record was stored meanwhile
   *   through another partition's chain; nothing is written, and planning
   *   again will see it.
   */
  append(
    partition: number,
    recordIds: readonly string[],
    plan: (state: ChainState) => AppendPlan,
  ): Promise<AppendPlan>;

  /** The partitions that have at least one row. */
  partitions(): Promise<number[]>;

  /** Locks the partition's chain, asks `plan` for a checkpoint of its head and stores what it returns. */
  checkpoint(
    partition: number,
    plan: (state: HeadState) => SignedCheckpoint | undefined,
  ): Promise<SignedCheckpoint | undefined>;

  /** Opens a read-only snapshot of the trail. */
  openSnapshot(): Promise<LedgerSnapshot>;
}

/**
 * A record planned as new was stored through another partition's chain
 * between the state read and the write (the same record id on two
 * partitions). The transaction is rolled back; planning again resolves it.
 */
export class ChainRaceError extends Error {
  constructor(readonly recordIds: readonly string[]) {
    super(`records ${recordIds.join(', ')} were stored concurrently through another chain`);
    this.name = 'ChainRaceError';
  }
}
