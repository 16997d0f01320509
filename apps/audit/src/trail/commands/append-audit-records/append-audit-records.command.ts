import { Command } from '@nestjs/cqrs';
import type { ChainHead, PendingRecord } from '../../../chain';

/** What appending one batch came to. */
export interface AppendAuditRecordsResult {
  /** Rows added to the chain. */
  readonly appended: number;
  /** Records already stored with the same content (a replay): not stored again. */
  readonly replayed: number;
  /** Ids already stored with other content: the first stays; these deserve an alarm. */
  readonly conflicting: readonly string[];
  /** Checkpoints signed with this batch. */
  readonly checkpoints: number;
  /** The chain's head after the batch; undefined while the chain is empty. */
  readonly head?: ChainHead;
}

/**
 * Append one Kafka batch of the audit topic to its partition's chain, in one
 * database transaction. Records already stored are recognised by id and
 * left out, so a batch delivered again (at-least-once) changes nothing.
 */
export class AppendAuditRecordsCommand extends Command<AppendAuditRecordsResult> {
  constructor(
    /** The audit topic partition the batch came from: it names the chain. */
    readonly partition: number,
    /** The batch's records, in offset order. */
    readonly records: readonly PendingRecord[],
  ) {
    super();
  }
}
