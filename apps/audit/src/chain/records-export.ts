import { createHash, type Hash } from 'node:crypto';
import { canonicalize } from './canonical-json';
import { HASH_PATTERN, linkHash } from './chain-link';
import { isCount, isObject, readExportLines, trailerProblems, type Json } from './export-lines';
import { auditRecordView, type AuditRecordView } from './audit-record-view';
import {
  checkpointSignatureValid,
  keyIdOf,
  publicKeyFromPem,
  signatureValid,
  statementBytes,
  SIGNATURE_ALGORITHM,
  type SignedCheckpoint,
  type Signer,
} from './checkpoint';
import type { JsonObject } from './record-summary';

/**
 * The filtered export of the auditor API
 * (`GET /v1/audit/records/export?format=ndjson`): the records that match
 * the filters, each with the hashed record and its place in its chain, then
 * the signed checkpoints that cover them, then a signed trailer. NDJSON, one
 * object per line with a `kind`:
 *
 *   header      format, export time, key id, the filters applied
 *   record…     the API's record view, plus `record` (the hashed record itself)
 *   checkpoint… per partition, the first checkpoint at or after the newest exported row
 *   trailer     counts, partitions without a covering checkpoint yet,
 *               the SHA-256 of every byte before it, and a signature
 *
 * What it proves offline, with the public key alone: the trailer signature
 * says the audit service produced exactly this file (any changed byte
 * fails); each record's hash is recomputed from its content and chain
 * position; each record view is rebuilt from its record; each checkpoint's
 * signature verifies. A filtered export holds only some rows of a chain, so
 * it cannot show the links between them: the full export
 * (`GET /v1/audit/export`) does that, and the hashes here match its rows.
 */
export const RECORDS_EXPORT_FORMAT = 'beacon.audit.records-export.v1';

export interface RecordsExportHeaderLine {
  kind: 'header';
  format: typeof RECORDS_EXPORT_FORMAT;
  /** `ndjson` or `csv`: the same statement signs both. */
  encoding: 'ndjson' | 'csv';
  exportedAt: string;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  filters: Record<string, string>;
}

export type RecordsExportRecordLine = { kind: 'record' } & AuditRecordView & { record: JsonObject };

export interface RecordsExportCheckpointLine extends SignedCheckpoint {
  kind: 'checkpoint';
}

/** What the trailer's signature covers. */
export interface RecordsExportTrailerFields {
  records: number;
  checkpoints: number;
  /** Partitions whose newest exported row no checkpoint covers yet (signed within seconds; export again). */
  uncoveredPartitions: number[];
  /** Lower-case hex SHA-256 of every byte of the export before the trailer. */
  sha256: string;
}

export interface RecordsExportTrailerLine extends RecordsExportTrailerFields {
  kind: 'trailer';
  keyId: string;
  signature: string;
}

/** The bytes a records-export trailer signature covers (for NDJSON and CSV alike). */
export function recordsExportStatement(keyId: string, fields: RecordsExportTrailerFields): Buffer {
  return statementBytes(RECORDS_EXPORT_FORMAT, keyId, {
    records: fields.records,
    checkpoints: fields.checkpoints,
    uncoveredPartitions: fields.uncoveredPartitions,
    sha256: fields.sha256,
  });
}

/** Signs a records export's trailer fields; returns the base64url signature. */
export function signRecordsExport(signer: Signer, fields: RecordsExportTrailerFields): string {
  return signer.sign(recordsExportStatement(signer.keyId, fields)).toString('base64url');
}

/**
 * Tracks, while rows stream out, the newest exported sequence of each
 * partition: the checkpoints that cover an export are the first ones at or
 * after those. Memory grows with the number of partitions, not rows.
 */
export class ExportCoverage {
  private readonly newest = new Map<number, number>();

  add(partition: number, sequence: number): void {
    if (sequence > (this.newest.get(partition) ?? 0)) this.newest.set(partition, sequence);
  }

  /** The newest exported sequence per partition, by partition. */
  heads(): { partition: number; sequence: number }[] {
    return [...this.newest]
      .map(([partition, sequence]) => ({ partition, sequence }))
      .sort((a, b) => a.partition - b.partition);
  }

  /** Partitions that none of `checkpoints` covers. */
  uncovered(checkpoints: readonly SignedCheckpoint[]): number[] {
    return this.heads()
      .filter((h) => !checkpoints.some((c) => c.partition === h.partition && c.sequence >= h.sequence))
      .map((h) => h.partition);
  }
}

/** Writes a records export (NDJSON) line by line, keeping the running digest the trailer signs. */
export class RecordsExportWriter {
  private readonly digest: Hash = createHash('sha256');
  private readonly coverage = new ExportCoverage();
  private readonly checkpointsWritten: SignedCheckpoint[] = [];
  private records = 0;

  constructor(private readonly signer: Signer) {}

  private line(value: object): string {
    const text = `${JSON.stringify(value)}\n`;
    this.digest.update(text, 'utf8');
    return text;
  }

  header(exportedAt: string, filters: Record<string, string>): string {
    const line: RecordsExportHeaderLine = {
      kind: 'header',
      format: RECORDS_EXPORT_FORMAT,
      encoding: 'ndjson',
      exportedAt,
      keyId: this.signer.keyId,
      algorithm: SIGNATURE_ALGORITHM,
      filters,
    };
    return this.line(line);
  }

  record(view: AuditRecordView, record: JsonObject): string {
    this.records += 1;
    this.coverage.add(view.chain.partition, view.chain.sequence);
    const line: RecordsExportRecordLine = { kind: 'record', ...view, record };
    return this.line(line);
  }

  /** The newest exported sequence per partition: ask the store for the checkpoints covering these. */
  heads(): { partition: number; sequence: number }[] {
    return this.coverage.heads();
  }

  checkpoint(checkpoint: SignedCheckpoint): string {
    this.checkpointsWritten.push(checkpoint);
    const line: RecordsExportCheckpointLine = { kind: 'checkpoint', ...checkpoint };
    return this.line(line);
  }

  trailer(): string {
    const fields: RecordsExportTrailerFields = {
      records: this.records,
      checkpoints: this.checkpointsWritten.length,
      uncoveredPartitions: this.coverage.uncovered(this.checkpointsWritten),
      sha256: this.digest.digest('hex'),
    };
    const line: RecordsExportTrailerLine = {
      kind: 'trailer',
      ...fields,
      keyId: this.signer.keyId,
      signature: signRecordsExport(this.signer, fields),
    };
    return `${JSON.stringify(line)}\n`;
  }
}

/** What an offline check of a records export found. */
export interface RecordsExportReport {
  ok: boolean;
  records: number;
  checkpoints: number;
  /** Partitions whose newest exported row no checkpoint in the file covers (not a failure: not yet signed). */
  uncoveredPartitions: number[];
  /** Everything wrong, one sentence each, in file order. */
  problems: string[];
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
}

function checkRecordLine(line: Json, number: number, problems: string[]) {
  const { kind: _kind, record, ...view } = line;
  const chain = isObject(view.chain) ? view.chain : {};
  if (
    !isObject(record) ||
    typeof view.recordId !== 'string' ||
    !isCount(chain.partition, 0) ||
    !isCount(chain.sequence, 1) ||
    typeof chain.prevHash !== 'string' ||
    !HASH_PATTERN.test(chain.prevHash) ||
    typeof chain.hash !== 'string' ||
    !HASH_PATTERN.test(chain.hash)
  ) {
    problems.push(`line ${number} is not a well-formed record line`);
    return undefined;
  }
  const link = {
    partition: chain.partition,
    sequence: chain.sequence,
    prevHash: chain.prevHash,
    recordId: view.recordId,
    record,
  };
  let hash: string | undefined;
  try {
    hash = linkHash(link);
  } catch {
    hash = undefined;
  }
  if (hash !== chain.hash)
    problems.push(
      `line ${number} (record ${view.recordId}, partition ${chain.partition}, row ${chain.sequence}): the record does not hash to its stored hash`,
    );
  else if (!sameJson(view, auditRecordView({ ...link, hash })))
    problems.push(`line ${number} (record ${view.recordId}): its fields do not agree with its record`);
  return { partition: chain.partition, sequence: chain.sequence, hash: chain.hash };
}

/**
 * Checks a records export (NDJSON) offline with the audit service's public
 * key (SPKI PEM): the trailer's signature over the whole file, every
 * record's hash and fields, and every checkpoint's signature.
 *
 * @throws when `publicKeyPem` is not an Ed25519 public key; problems of
 *   the export are reported, not thrown.
 */
export function verifyRecordsExport(ndjsonText: string, publicKeyPem: string): RecordsExportReport {
  const publicKey = publicKeyFromPem(publicKeyPem);
  const keyId = keyIdOf(publicKey);
  const read = readExportLines(ndjsonText);
  const problems = [...read.problems];
  const coverage = new ExportCoverage();
  const checkpoints: SignedCheckpoint[] = [];
  const rowHashes = new Map<string, string>();
  let records = 0;

  for (const { line, number } of read.objects) {
    switch (line.kind) {
      case 'header':
        if (number !== 1) problems.push(`line ${number} is a second header`);
        if (line.format !== RECORDS_EXPORT_FORMAT)
          problems.push(`the header names format ${String(line.format)}, not ${RECORDS_EXPORT_FORMAT}`);
        if (line.keyId !== keyId)
          problems.push(`the export was made with key ${String(line.keyId)}, not the given key ${keyId}`);
        break;
      case 'record': {
        records += 1;
        const place = checkRecordLine(line, number, problems);
        if (place) {
          coverage.add(place.partition, place.sequence);
          rowHashes.set(`${place.partition}:${place.sequence}`, place.hash);
        }
        break;
      }
      case 'checkpoint': {
        const { kind: _kind, ...checkpoint } = line as unknown as RecordsExportCheckpointLine;
        if (checkpoint.keyId !== keyId || !checkpointSignatureValid(checkpoint, publicKey))
          problems.push(`line ${number}: the checkpoint's signature does not verify with key ${keyId}`);
        const row = rowHashes.get(`${checkpoint.partition}:${checkpoint.sequence}`);
        if (row !== undefined && row !== checkpoint.headHash)
          problems.push(
            `line ${number}: the checkpoint of partition ${checkpoint.partition} at row ${checkpoint.sequence} names another hash than the exported row`,
          );
        checkpoints.push(checkpoint);
        break;
      }
      default:
        problems.push(`line ${number} has an unknown kind ${JSON.stringify(line.kind ?? null)}`);
    }
  }

  const uncoveredPartitions = coverage.uncovered(checkpoints);
  problems.push(...trailerProblems(read, { records, checkpoints: checkpoints.length }));
  if (read.trailer !== undefined) {
    const { line } = read.trailer;
    let signed = false;
    try {
      signed =
        line.keyId === keyId &&
        typeof line.signature === 'string' &&
        Array.isArray(line.uncoveredPartitions) &&
        signatureValid(
          recordsExportStatement(keyId, line as unknown as RecordsExportTrailerFields),
          line.signature,
          publicKey,
        );
    } catch {
      // Trailer fields with no canonical form cannot carry a valid signature.
      signed = false;
    }
    if (!signed) problems.push(`the trailer's signature does not verify with key ${keyId}`);
  }
  return {
    ok: problems.length === 0,
    records,
    checkpoints: checkpoints.length,
    uncoveredPartitions,
    problems,
  };
}
