import type { ChainHead } from '../../chain';

/** New rows were added to a partition's chain (published after the transaction committed). */
export class AuditRecordsAppendedEvent {
  constructor(
    readonly partition: number,
    readonly head: ChainHead,
    /** The newest sequence a checkpoint covers after this append. */
    readonly signedThrough: number,
  ) {}
}
