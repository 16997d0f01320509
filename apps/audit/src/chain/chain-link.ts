import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json';
import type { JsonObject, RecordSummary } from './record-summary';

/**
 * Names the hashed form; a future change to what is hashed gets a new name,
 * so old rows keep verifying under the rules they were written with.
 */
export const CHAIN_FORMAT = 'beacon.audit.chain.v1';

/** The format name as canonical JSON, made once: it starts every preimage. */
const FORMAT_JSON = canonicalize(CHAIN_FORMAT);

/** The previous hash of the first row of every chain: 64 zeros, no row before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** A lower-case hex SHA-256 digest. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** What a row's hash covers: its place in its partition's chain, the hash before it, and the record. */
export interface ChainLink {
  /** The audit topic partition the record was read from: one chain per partition. */
  partition: number;
  /** 1, 2, 3… within the partition, without gaps. */
  sequence: number;
  /** The hash of the row before (sequence - 1), or {@link GENESIS_HASH} for the first. */
  prevHash: string;
  /** The record's id (its CloudEvents id); a record id is stored once. */
  recordId: string;
  /** The record as read: every CloudEvents attribute and the data. */
  record: JsonObject;
}

/** A row of the chain: the link, its hash, and the columns derived from the record. */
export interface ChainRow extends ChainLink {
  hash: string;
  summary: RecordSummary;
}

/** The tip of a partition's chain. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

/**
 * The hash of a row: lower-case hex SHA-256 over the RFC 8785 canonical JSON
 * of `{format, partition, sequence, prevHash, recordId, record}`. The columns
 * are not hashed: they are derived from the record, and the verifier checks
 * them against it instead.
 *
 * `canonicalRecord`, when the caller already has it, is the canonical JSON of
 * `link.record` (the audit writer makes it once per record, when it checks
 * that the record has one); the preimage is then put together around it in
 * the order RFC 8785 sorts those six names, which is the text
 * `canonicalize` gives for the whole object (a property test holds the two
 * equal).
 *
 * @throws {CanonicalizationError} when the record has no canonical form.
 */
export function linkHash(link: ChainLink, canonicalRecord?: string): string {
  const record = canonicalRecord ?? canonicalize(link.record);
  const preimage =
    `{"format":${FORMAT_JSON},"partition":${canonicalize(link.partition)}` +
    `,"prevHash":${canonicalize(link.prevHash)},"record":${record}` +
    `,"recordId":${canonicalize(link.recordId)},"sequence":${canonicalize(link.sequence)}}`;
  return createHash('sha256').update(preimage, 'utf8').digest('hex');
}
