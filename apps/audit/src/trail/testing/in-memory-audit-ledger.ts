/**
 * The {@link AuditLedger} port in memory, for the trail's handler specs:
 * the same contract as the Postgres adapter (rows and checkpoints written
 * together, a record id stored once), without a database.
 */
import type { AppendPlan, ChainRow, ChainState, JsonObject, SignedCheckpoint } from '../../chain';
import type { AuditLedger, HeadState, LedgerSnapshot } from '../ports/audit-ledger.port';

export class InMemoryAuditLedger implements AuditLedger {
  readonly rows: ChainRow[] = [];
  readonly checkpoints: SignedCheckpoint[] = [];
  /** Called before a write, so a spec can make an append fail once. */
  beforeWrite?: () => void;

  private headState(partition: number): HeadState {
    const rows = this.rows.filter((r) => r.partition === partition);
    const last = rows.at(-1);
    const signed = this.checkpoints.filter((c) => c.partition === partition).map((c) => c.sequence);
    return {
      partition,
      head: last ? { sequence: last.sequence, hash: last.hash } : undefined,
      lastCheckpointSequence: Math.max(0, ...signed),
    };
  }

  async append(
    partition: number,
    recordIds: readonly string[],
    plan: (state: ChainState) => AppendPlan,
  ): Promise<AppendPlan> {
    const stored = new Map<string, JsonObject>(
      this.rows.filter((r) => recordIds.includes(r.recordId)).map((r) => [r.recordId, r.record]),
    );
    const decided = plan({ ...this.headState(partition), stored });
    this.beforeWrite?.();
    this.rows.push(...structuredClone(decided.rows));
    this.checkpoints.push(...decided.checkpoints);
    return decided;
  }

  async partitions(): Promise<number[]> {
    return [...new Set(this.rows.map((r) => r.partition))].sort((a, b) => a - b);
  }

  async checkpoint(
    partition: number,
    plan: (state: HeadState) => SignedCheckpoint | undefined,
  ): Promise<SignedCheckpoint | undefined> {
    const checkpoint = plan(this.headState(partition));
    if (checkpoint) this.checkpoints.push(checkpoint);
    return checkpoint;
  }

  async openSnapshot(): Promise<LedgerSnapshot> {
    const byPlace = <T extends { partition: number; sequence: number }>(a: T, b: T) =>
      a.partition - b.partition || a.sequence - b.sequence;
    const rows = structuredClone(this.rows).sort(byPlace);
    const checkpoints = [...this.checkpoints].sort(byPlace);
    return {
      checkpoints: async () => checkpoints,
      rows: async function* () {
        yield* rows;
      },
      close: async () => undefined,
    };
  }
}
