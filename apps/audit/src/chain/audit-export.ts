import { createHash, type Hash } from 'node:crypto';
import { HASH_PATTERN, type ChainRow } from './chain-link';
import { ChainVerifier, type VerificationReport } from './chain-verifier';
import { isCount, isObject, readExportLines, trailerProblems, type Json } from './export-lines';
import {
  keyIdOf,
  publicKeyFromPem,
  signatureValid,
  statementBytes,
  SIGNATURE_ALGORITHM,
  type SignedCheckpoint,
  type Signer,
} from './checkpoint';
import type { JsonObject, RecordSummary } from './record-summary';

/**
 * The audit export: newline-delimited JSON, one object per line with a
 * `kind`, in this order:
 *
 *   header      format, key id, export time
 *   record…     every row of every chain, by partition then sequence
 *   checkpoint… every signed checkpoint
 *   trailer     counts, the SHA-256 of every byte before it, and a signature
 *
 * Rows and checkpoints carry everything the verifier needs, so an auditor
 * can check an export with the public key alone, offline. The trailer's
 * signature covers the whole file, so changing any byte of it, or cutting it
 * short, is detected too (the chain alone could not vouch for the header, or
 * for rows after the newest checkpoint).
 */
export const EXPORT_FORMAT = 'beacon.audit.export.v1';

export interface ExportHeaderLine {
  kind: 'header';
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
}

export interface ExportRecordLine {
  kind: 'record';
  partition: number;
  sequence: number;
  prevHash: string;
  hash: string;
  recordId: string;
  summary: RecordSummary;
  record: JsonObject;
}

export interface ExportCheckpointLine extends SignedCheckpoint {
  kind: 'checkpoint';
}

export interface ExportTrailerLine {
  kind: 'trailer';
  records: number;
  checkpoints: number;
  /** Lower-case hex SHA-256 of every byte of the export before this line. */
  sha256: string;
  keyId: string;
  /** Ed25519 (base64url) over the statement `beacon.audit.export.v1` with the three fields above. */
  signature: string;
}

function trailerBytes(
  keyId: string,
  fields: { records: number; checkpoints: number; sha256: string },
): Buffer {
  return statementBytes(EXPORT_FORMAT, keyId, fields);
}

/**
 * Writes an export line by line, keeping the running digest the trailer
 * signs. Call {@link header} once, then {@link record} for each row in chain
 * order, {@link checkpoint} for each checkpoint, and {@link trailer} last.
 * Each call returns the line to send, newline included.
 */
export class AuditExportWriter {
  private readonly digest: Hash = createHash('sha256');
  private records = 0;
  private checkpoints = 0;

  constructor(private readonly signer: Signer) {}

  private line(value: object): string {
    const text = `${JSON.stringify(value)}\n`;
    this.digest.update(text, 'utf8');
    return text;
  }

  header(exportedAt: string): string {
    const line: ExportHeaderLine = {
      kind: 'header',
      format: EXPORT_FORMAT,
      exportedAt,
      keyId: this.signer.keyId,
      algorithm: SIGNATURE_ALGORITHM,
    };
    return this.line(line);
  }

  record(row: ChainRow): string {
    this.records += 1;
    const line: ExportRecordLine = {
      kind: 'record',
      partition: row.partition,
      sequence: row.sequence,
      prevHash: row.prevHash,
      hash: row.hash,
      recordId: row.recordId,
      summary: row.summary,
      record: row.record,
    };
    return this.line(line);
  }

  checkpoint(checkpoint: SignedCheckpoint): string {
    this.checkpoints += 1;
    const line: ExportCheckpointLine = { kind: 'checkpoint', ...checkpoint };
    return this.line(line);
  }

  trailer(): string {
    const fields = {
      records: this.records,
      checkpoints: this.checkpoints,
      sha256: this.digest.digest('hex'),
    };
    const signature = this.signer.sign(trailerBytes(this.signer.keyId, fields)).toString('base64url');
    const line: ExportTrailerLine = { kind: 'trailer', ...fields, keyId: this.signer.keyId, signature };
    return `${JSON.stringify(line)}\n`;
  }
}

/** The chain report, plus what is wrong with the export file itself. */
export interface ExportVerificationReport extends VerificationReport {
  /** Problems of the file: lines that are not what the format says, a missing or false trailer. */
  exportProblems: string[];
}

function isHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

function isRecordLine(line: Json): boolean {
  return (
    isCount(line.partition, 0) &&
    isCount(line.sequence, 1) &&
    isHash(line.prevHash) &&
    isHash(line.hash) &&
    typeof line.recordId === 'string' &&
    isObject(line.summary) &&
    isObject(line.record)
  );
}

function isCheckpointLine(line: Json): boolean {
  return (
    isCount(line.partition, 0) &&
    isCount(line.sequence, 1) &&
    isHash(line.headHash) &&
    typeof line.signedAt === 'string' &&
    typeof line.keyId === 'string' &&
    typeof line.signature === 'string'
  );
}

function toRow(line: Json): ChainRow {
  const { partition, sequence, prevHash, hash, recordId, summary, record } =
    line as unknown as ExportRecordLine;
  return { partition, sequence, prevHash, hash, recordId, summary, record };
}

function toCheckpoint(line: Json): SignedCheckpoint {
  const { partition, sequence, headHash, signedAt, keyId, signature } =
    line as unknown as ExportCheckpointLine;
  return { partition, sequence, headHash, signedAt, keyId, signature };
}

/**
 * Verifies an audit export offline, with nothing but the audit service's
 * public key (SPKI PEM): every chain (hashes, links, sequence continuity,
 * columns against records), every checkpoint signature, and the trailer's
 * signature over the whole file.
 *
 * @throws when `publicKeyPem` is not an Ed25519 public key; every problem
 *   of the export itself is reported, not thrown.
 */
export function verifyExport(ndjsonText: string, publicKeyPem: string): ExportVerificationReport {
  const publicKey = publicKeyFromPem(publicKeyPem);
  const keyId = keyIdOf(publicKey);
  const read = readExportLines(ndjsonText);
  const exportProblems = [...read.problems];
  const rows: ChainRow[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  let sawHeader = false;

  for (const { line, number } of read.objects) {
    switch (line.kind) {
      case 'header':
        if (number !== 1 || sawHeader) exportProblems.push(`line ${number} is a second header`);
        sawHeader = true;
        if (line.format !== EXPORT_FORMAT)
          exportProblems.push(`the header names format ${String(line.format)}, not ${EXPORT_FORMAT}`);
        if (line.keyId !== keyId)
          exportProblems.push(
            `the export was made with key ${String(line.keyId)}, not the given key ${keyId}`,
          );
        break;
      case 'record':
        if (isRecordLine(line)) rows.push(toRow(line));
        else exportProblems.push(`line ${number} is not a well-formed record line`);
        break;
      case 'checkpoint':
        if (isCheckpointLine(line)) checkpoints.push(toCheckpoint(line));
        else exportProblems.push(`line ${number} is not a well-formed checkpoint line`);
        break;
      default:
        exportProblems.push(`line ${number} has an unknown kind ${JSON.stringify(line.kind ?? null)}`);
    }
  }

  exportProblems.push(...trailerProblems(read, { records: rows.length, checkpoints: checkpoints.length }));
  if (read.trailer !== undefined) {
    const { line } = read.trailer;
    const fields = { records: line.records, checkpoints: line.checkpoints, sha256: line.sha256 };
    const signed =
      line.keyId === keyId &&
      isCount(fields.records, 0) &&
      isCount(fields.checkpoints, 0) &&
      typeof fields.sha256 === 'string' &&
      typeof line.signature === 'string' &&
      signatureValid(
        trailerBytes(keyId, fields as { records: number; checkpoints: number; sha256: string }),
        line.signature,
        publicKey,
      );
    if (!signed) exportProblems.push(`the trailer's signature does not verify with key ${keyId}`);
  }

  const verifier = new ChainVerifier(publicKey, checkpoints);
  for (const row of rows) verifier.push(row);
  const chains = verifier.finish();
  return { ...chains, ok: chains.ok && exportProblems.length === 0, exportProblems };
}
