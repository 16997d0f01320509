import { canonicalize } from './canonical-json';
import { GENESIS_HASH, linkHash, type ChainHead, type ChainRow } from './chain-link';
import { signCheckpoint, type SignedCheckpoint, type Signer } from './checkpoint';
import type { JsonObject, RecordSummary } from './record-summary';

/** A record read from the audit topic, ready to be chained. */
export interface PendingRecord {
  recordId: string;
  record: JsonObject;
  summary: RecordSummary;
  /** The record's RFC 8785 text, when the reader already made it (saves making it again to hash). */
  canonical?: string;
}

/** A partition's chain as the store has it, read under the partition's lock. */
export interface ChainState {
  partition: number;
  /** Undefined for an empty chain. */
  head?: ChainHead;
  /** The sequence of the newest checkpoint; 0 when there is none. */
  lastCheckpointSequence: number;
  /** Records of this batch already stored (by id, in any partition), as stored. */
  stored: ReadonlyMap<string, JsonObject>;
}

/** What to write for one batch: new rows, the checkpoints they make due, and what was already there. */
export interface AppendPlan {
  rows: ChainRow[];
  checkpoints: SignedCheckpoint[];
  /** Ids already stored with the same content: a replay, which changes nothing. */
  replayed: string[];
  /** Ids already stored with different content: kept as first stored, and worth an alarm. */
  conflicting: string[];
}

export interface AppendOptions {
  /** Sign a checkpoint whenever this many rows were added since the last one. */
  checkpointEvery: number;
  signer: Signer;
  /** The time the checkpoints are signed at (ISO 8601 UTC). */
  now: string;
}

function sameRecord(a: JsonObject, b: JsonObject): boolean {
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
}

/**
 * Decides what one batch adds to a partition's chain. Records whose id is
 * already stored (or came earlier in the same batch) are left out, so a
 * replay from Kafka never stores a record twice and never lengthens the
 * chain; the others are numbered on from the head, each hashed over the one
 * before. A checkpoint is signed each time `checkpointEvery` rows have been
 * added since the last one.
 *
 * @throws {CanonicalizationError} when a record has no canonical form
 *   (callers turn such records into undecodable ones before they get here).
 */
export function planAppend(
  state: ChainState,
  records: readonly PendingRecord[],
  options: AppendOptions,
): AppendPlan {
  const plan: AppendPlan = { rows: [], checkpoints: [], replayed: [], conflicting: [] };
  const seen = new Map<string, JsonObject>(state.stored);
  let head = state.head;
  let lastCheckpoint = state.lastCheckpointSequence;
  for (const pending of records) {
    const earlier = seen.get(pending.recordId);
    if (earlier !== undefined) {
      (sameRecord(earlier, pending.record) ? plan.replayed : plan.conflicting).push(pending.recordId);
      continue;
    }
    seen.set(pending.recordId, pending.record);
    const link = {
      partition: state.partition,
      sequence: (head?.sequence ?? 0) + 1,
      prevHash: head?.hash ?? GENESIS_HASH,
      recordId: pending.recordId,
      record: pending.record,
    };
    const row: ChainRow = { ...link, hash: linkHash(link, pending.canonical), summary: pending.summary };
    plan.rows.push(row);
    head = { sequence: row.sequence, hash: row.hash };
    if (row.sequence - lastCheckpoint >= options.checkpointEvery) {
      plan.checkpoints.push(checkpointAt(state.partition, head, options));
      lastCheckpoint = row.sequence;
    }
  }
  return plan;
}

function checkpointAt(partition: number, head: ChainHead, options: Pick<AppendOptions, 'signer' | 'now'>) {
  return signCheckpoint(
    { partition, sequence: head.sequence, headHash: head.hash, signedAt: options.now },
    options.signer,
  );
}

/**
 * The checkpoint a partition needs when rows were added after its newest
 * one (the time-based trigger); undefined when its head is already signed.
 */
export function planCheckpoint(
  state: Pick<ChainState, 'partition' | 'head' | 'lastCheckpointSequence'>,
  options: Pick<AppendOptions, 'signer' | 'now'>,
): SignedCheckpoint | undefined {
  const { head } = state;
  if (head === undefined || head.sequence <= state.lastCheckpointSequence) return undefined;
  return checkpointAt(state.partition, head, options);
}
