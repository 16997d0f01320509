/**
 * The CSV form of the records export (RFC 4180, CRLF line ends, UTF-8):
 *
 *   1. the records: a header row and one row per record (lists and the
 *      withheld paths as JSON in their cell);
 *   2. an empty line, then the checkpoints that cover them
 *      (`checkpoint_partition,checkpoint_sequence,head_hash,…`);
 *   3. an empty line, then one trailer row: counts, partitions without a
 *      covering checkpoint yet, the SHA-256 of every byte before the
 *      trailer section, and the Ed25519 signature over them — the same
 *      statement as the NDJSON trailer's.
 *
 * A spreadsheet reads the records up to the first empty line. A cell that
 * begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`,
 * so that a spreadsheet never runs it as a formula (OWASP, CSV injection).
 *
 * Pure: no Nest, no I/O (hashing and signing are node:crypto, in memory).
 */
import { createHash, type Hash } from 'node:crypto';
import {
  ExportCoverage,
  signRecordsExport,
  type AuditRecordView,
  type RecordsExportTrailerFields,
  type SignedCheckpoint,
  type Signer,
} from '../../chain';

export const CSV_RECORD_COLUMNS = [
  'record_id',
  'record_type',
  'time',
  'actor_partner_id',
  'actor_subject',
  'actor_sector',
  'action',
  'resource_type',
  'resource_id',
  'subject_id',
  'resource_topic',
  'resource_partition',
  'resource_offset',
  'outcome',
  'reason',
  'purpose',
  'policy_id',
  'policy_version',
  'consent_ids',
  'disclosed_paths',
  'withheld',
  'break_glass',
  'break_glass_reason',
  'client_address',
  'client_user_agent',
  'correlation_id',
  'chain_partition',
  'chain_sequence',
  'chain_prev_hash',
  'chain_hash',
] as const;

export const CSV_CHECKPOINT_COLUMNS = [
  'checkpoint_partition',
  'checkpoint_sequence',
  'head_hash',
  'signed_at',
  'key_id',
  'signature',
] as const;

export const CSV_TRAILER_COLUMNS = [
  'trailer_records',
  'trailer_checkpoints',
  'uncovered_partitions',
  'sha256',
  'key_id',
  'signature',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds a quote, comma or line break; neutralised when a spreadsheet would run it. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The cells of one record, in {@link CSV_RECORD_COLUMNS} order. */
export function recordCells(view: AuditRecordView): (string | number | boolean | null)[] {
  return [
    view.recordId,
    view.recordType,
    view.time,
    view.actor.partnerId,
    view.actor.subject,
    view.actor.sector,
    view.action,
    view.resource.type,
    view.resource.id,
    view.resource.subjectId,
    view.resource.topic,
    view.resource.partition,
    view.resource.offset,
    view.outcome,
    view.reason,
    view.purpose,
    view.policy.id,
    view.policy.version,
    JSON.stringify(view.consentIds),
    JSON.stringify(view.disclosedPaths),
    JSON.stringify(view.withheld),
    view.breakGlass.used,
    view.breakGlass.reason,
    view.client.address,
    view.client.userAgent,
    view.correlationId,
    view.chain.partition,
    view.chain.sequence,
    view.chain.prevHash,
    view.chain.hash,
  ];
}

/** Writes the CSV export section by section, keeping the digest the trailer signs. */
export class RecordsCsvWriter {
  private readonly digest: Hash = createHash('sha256');
  private readonly coverage = new ExportCoverage();
  private readonly checkpointsWritten: SignedCheckpoint[] = [];
  private records = 0;
  private checkpointHeaderWritten = false;

  constructor(private readonly signer: Signer) {}

  private emit(text: string): string {
    this.digest.update(text, 'utf8');
    return text;
  }

  header(): string {
    return this.emit(csvRow(CSV_RECORD_COLUMNS));
  }

  record(view: AuditRecordView): string {
    this.records += 1;
    this.coverage.add(view.chain.partition, view.chain.sequence);
    return this.emit(csvRow(recordCells(view)));
  }

  heads(): { partition: number; sequence: number }[] {
    return this.coverage.heads();
  }

  checkpoint(c: SignedCheckpoint): string {
    this.checkpointsWritten.push(c);
    const head = this.checkpointHeaderWritten ? '' : `\r\n${csvRow(CSV_CHECKPOINT_COLUMNS)}`;
    this.checkpointHeaderWritten = true;
    return this.emit(
      `${head}${csvRow([c.partition, c.sequence, c.headHash, c.signedAt, c.keyId, c.signature])}`,
    );
  }

  trailer(): string {
    // The checkpoint section is there even when empty, so the trailer is always the third section.
    const checkpointSection = this.checkpointHeaderWritten
      ? ''
      : this.emit(`\r\n${csvRow(CSV_CHECKPOINT_COLUMNS)}`);
    const fields: RecordsExportTrailerFields = {
      records: this.records,
      checkpoints: this.checkpointsWritten.length,
      uncoveredPartitions: this.coverage.uncovered(this.checkpointsWritten),
      sha256: this.digest.digest('hex'),
    };
    const signature = signRecordsExport(this.signer, fields);
    return (
      checkpointSection +
      `\r\n${csvRow(CSV_TRAILER_COLUMNS)}` +
      csvRow([
        fields.records,
        fields.checkpoints,
        fields.uncoveredPartitions.join(' '),
        fields.sha256,
        this.signer.keyId,
        signature,
      ])
    );
  }
}
