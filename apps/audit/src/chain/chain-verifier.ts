import type { KeyObject } from 'node:crypto';
import { CanonicalizationError } from './canonical-json';
import { GENESIS_HASH, linkHash, type ChainHead, type ChainRow } from './chain-link';
import { checkpointSignatureValid, keyIdOf, type SignedCheckpoint } from './checkpoint';
import { summarizeRecord, summaryDifferences } from './record-summary';

/** What can be wrong with a chain, one code per kind of evidence. */
export type ProblemCode =
  /** Rows are missing: the sequence jumps (a deleted row). */
  | 'sequence-gap'
  /** A row comes again, or before one it should follow. */
  | 'sequence-order'
  /** A row does not name the hash of the row before it. */
  | 'prev-hash-mismatch'
  /** A row's contents do not hash to its stored hash (a changed row). */
  | 'hash-mismatch'
  /** A row's columns disagree with its hashed record. */
  | 'summary-mismatch'
  /** A checkpoint's signature does not verify (forged or altered). */
  | 'checkpoint-signature'
  /** A checkpoint was signed by a key other than the one given. */
  | 'checkpoint-key'
  /** A checkpoint's head hash is not the hash of the row it names. */
  | 'checkpoint-head-mismatch'
  /** A checkpoint names a row the chain does not have (rows removed, at the end or in a gap). */
  | 'checkpoint-beyond-head';

/** The earliest place a chain is broken, and why. */
export interface BrokenLink {
  partition: number;
  sequence: number;
  /** The record at that place; null when the row is missing. */
  recordId: string | null;
  code: ProblemCode;
  problem: string;
}

export interface PartitionReport {
  partition: number;
  rows: number;
  head: ChainHead | null;
  /** How many checkpoints the partition has. */
  checkpoints: number;
  /** The newest sequence a valid checkpoint vouches for; 0 when none does. */
  signedThrough: number;
}

/** The answer of `GET /v1/audit/verify` and of the offline verifier. */
export interface VerificationReport {
  ok: boolean;
  partitions: PartitionReport[];
  /** How many problems were found in all (only the first is described). */
  problems: number;
  firstBroken?: BrokenLink;
}

interface PartitionState {
  report: PartitionReport;
  lastHash: string;
  /** This partition's checkpoints by ascending sequence, and the next one to meet. */
  checkpoints: SignedCheckpoint[];
  nextCheckpoint: number;
}

function before(a: BrokenLink, b: BrokenLink): boolean {
  return a.partition !== b.partition ? a.partition < b.partition : a.sequence < b.sequence;
}

/**
 * Walks the chains row by row, without holding them in memory: give it every
 * checkpoint first, then {@link push} every row of each partition in sequence
 * order (partitions may interleave), then {@link finish}.
 *
 * For each row it checks the sequence continues without a gap, the previous
 * hash is the stored hash of the row before, the row hashes to its stored
 * hash, and its columns agree with its record; for each checkpoint, that it
 * was signed by the given key, that the signature verifies, and that the row
 * it names exists and has the hash it claims. A row changed in place breaks
 * its own hash and nothing else (links follow stored hashes), so the report
 * points at exactly that row; a row deleted shows as a gap; rows removed
 * from the end show as a checkpoint beyond the head.
 */
export class ChainVerifier {
  private readonly keyId: string;
  private readonly partitions = new Map<number, PartitionState>();
  private problems = 0;
  private first: BrokenLink | undefined;

  constructor(
    private readonly publicKey: KeyObject,
    checkpoints: Iterable<SignedCheckpoint>,
  ) {
    this.keyId = keyIdOf(publicKey);
    for (const checkpoint of checkpoints) this.state(checkpoint.partition).checkpoints.push(checkpoint);
    for (const state of this.partitions.values()) {
      state.checkpoints.sort((a, b) => a.sequence - b.sequence);
      state.report.checkpoints = state.checkpoints.length;
    }
  }

  private state(partition: number): PartitionState {
    let state = this.partitions.get(partition);
    if (!state) {
      state = {
        report: { partition, rows: 0, head: null, checkpoints: 0, signedThrough: 0 },
        lastHash: GENESIS_HASH,
        checkpoints: [],
        nextCheckpoint: 0,
      };
      this.partitions.set(partition, state);
    }
    return state;
  }

  private broken(link: BrokenLink): void {
    this.problems += 1;
    if (this.first === undefined || before(link, this.first)) this.first = link;
  }

  /** Checks one row against the row before it in its partition and against its checkpoint, if any. */
  push(row: ChainRow): void {
    const state = this.state(row.partition);
    const { report } = state;
    const at = { partition: row.partition, sequence: row.sequence, recordId: row.recordId };
    const last = report.head?.sequence ?? 0;
    if (row.sequence <= last) {
      this.broken({
        ...at,
        code: 'sequence-order',
        problem: `row ${row.sequence} comes after row ${last}: it is out of order or appears twice`,
      });
      return;
    }
    this.passCheckpointsBefore(state, row.sequence);
    if (row.sequence !== last + 1) {
      const missing =
        last + 1 === row.sequence - 1 ? `row ${last + 1} is` : `rows ${last + 1}-${row.sequence - 1} are`;
      this.broken({
        partition: row.partition,
        sequence: last + 1,
        recordId: null,
        code: 'sequence-gap',
        problem: `${missing} missing: the chain goes from ${last} to ${row.sequence} (record ${row.recordId})`,
      });
    } else if (row.prevHash !== state.lastHash) {
      this.broken({
        ...at,
        code: 'prev-hash-mismatch',
        problem: `the row names ${row.prevHash} as the hash before it, but row ${last} has ${state.lastHash}`,
      });
    }
    this.checkContents(row, at);
    report.rows += 1;
    report.head = { sequence: row.sequence, hash: row.hash };
    // Links follow the stored hash, so one changed row is reported once, not with every row after it.
    state.lastHash = row.hash;
    const checkpoint = state.checkpoints[state.nextCheckpoint];
    if (checkpoint?.sequence === row.sequence) {
      state.nextCheckpoint += 1;
      this.checkCheckpoint(state, checkpoint, row);
    }
  }

  private checkContents(row: ChainRow, at: Omit<BrokenLink, 'code' | 'problem'>): void {
    let hash: string;
    try {
      hash = linkHash(row);
    } catch (error) {
      if (!(error instanceof CanonicalizationError)) throw error;
      this.broken({ ...at, code: 'hash-mismatch', problem: `the record cannot be hashed: ${error.message}` });
      return;
    }
    if (hash !== row.hash) {
      this.broken({
        ...at,
        code: 'hash-mismatch',
        problem: `the row's contents hash to ${hash}, not to its stored hash ${row.hash}: the row was changed`,
      });
      return;
    }
    const differences = summaryDifferences(summarizeRecord(row.record), row.summary);
    if (differences.length > 0) {
      this.broken({
        ...at,
        code: 'summary-mismatch',
        problem: `the column${differences.length > 1 ? 's' : ''} ${differences.join(', ')} disagree${differences.length > 1 ? '' : 's'} with the hashed record`,
      });
    }
  }

  /** Checkpoints that name a sequence the rows skipped over. */
  private passCheckpointsBefore(state: PartitionState, sequence: number): void {
    for (
      let checkpoint = state.checkpoints[state.nextCheckpoint];
      checkpoint !== undefined && checkpoint.sequence < sequence;
      checkpoint = state.checkpoints[state.nextCheckpoint]
    ) {
      state.nextCheckpoint += 1;
      this.checkCheckpoint(state, checkpoint, undefined);
    }
  }

  private checkCheckpoint(
    state: PartitionState,
    checkpoint: SignedCheckpoint,
    row: ChainRow | undefined,
  ): void {
    const at = {
      partition: checkpoint.partition,
      sequence: checkpoint.sequence,
      recordId: row?.recordId ?? null,
    };
    const signed = `the checkpoint of row ${checkpoint.sequence} signed at ${checkpoint.signedAt}`;
    if (checkpoint.keyId !== this.keyId) {
      this.broken({
        ...at,
        code: 'checkpoint-key',
        problem: `${signed} names key ${checkpoint.keyId}, not the given key ${this.keyId}`,
      });
    } else if (!checkpointSignatureValid(checkpoint, this.publicKey)) {
      this.broken({
        ...at,
        code: 'checkpoint-signature',
        problem: `${signed} has a signature that does not verify: it was forged or altered`,
      });
    } else if (row === undefined) {
      this.broken({
        ...at,
        code: 'checkpoint-beyond-head',
        problem: `${signed} vouches for row ${checkpoint.sequence}, which the chain does not have: rows were removed`,
      });
    } else if (row.hash !== checkpoint.headHash) {
      this.broken({
        ...at,
        code: 'checkpoint-head-mismatch',
        problem: `${signed} says the row's hash was ${checkpoint.headHash}, but it is ${row.hash}`,
      });
    } else {
      state.report.signedThrough = Math.max(state.report.signedThrough, checkpoint.sequence);
    }
  }

  /** Checks what is left (checkpoints past the end of their chain) and answers. */
  finish(): VerificationReport {
    for (const state of this.partitions.values()) this.passCheckpointsBefore(state, Number.POSITIVE_INFINITY);
    const partitions = [...this.partitions.values()]
      .map((state) => state.report)
      .sort((a, b) => a.partition - b.partition);
    return {
      ok: this.problems === 0,
      partitions,
      problems: this.problems,
      ...(this.first ? { firstBroken: this.first } : {}),
    };
  }
}
