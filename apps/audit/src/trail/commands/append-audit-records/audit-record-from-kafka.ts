import { createHash } from 'node:crypto';
import { decodeCloudEvent, type IncomingRecord } from '@beacon/messaging';
import {
  canonicalize,
  CanonicalizationError,
  summarizeRecord,
  type JsonObject,
  type PendingRecord,
} from '../../../chain';

/** Where a record was read on the audit topic. */
export interface AuditTopicPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** A record ready for the chain; `problems` is set when it could not be read as a CloudEvent. */
export interface ReadAuditRecord {
  pending: PendingRecord;
  problems?: string[];
}

function base64(value: Buffer | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')).toString('base64');
}

/** Whether any string (or property name) in `value` holds U+0000, which Postgres text and jsonb cannot store. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item));
}

/**
 * A record that cannot be stored as it is, kept as bytes. The audit writer
 * never drops a record and never stalls on one: a partition stuck behind a
 * record it cannot read would stop the trail, and a record skipped would be
 * a hole in it. Its id is derived from its place and bytes, so a replay of
 * the same record is recognised.
 */
function undecodable(
  message: IncomingRecord,
  position: AuditTopicPosition,
  problems: string[],
): ReadAuditRecord {
  const headers: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    headers[Buffer.from(name, 'utf8').toString('base64')] = base64(last as Buffer | string | undefined);
  }
  const raw = {
    partition: position.partition,
    offset: position.offset,
    key: base64(message.key),
    headers,
    value: base64(message.value),
  };
  const recordId = `undecodable:${createHash('sha256').update(canonicalize(raw)).digest('hex')}`;
  const record: JsonObject = { undecodable: { problems, topic: position.topic, ...raw } };
  return { pending: { recordId, record, summary: summarizeRecord(record) }, problems };
}

/**
 * Reads one record of the audit topic for the chain: a CloudEvent becomes
 * its attributes and data (what is hashed and stored); anything else is
 * kept as base64 bytes with the reasons it could not be read.
 */
export function auditRecordFromKafka(message: IncomingRecord, position: AuditTopicPosition): ReadAuditRecord {
  const decoded = decodeCloudEvent(message);
  if (!decoded.ok) {
    return undecodable(
      message,
      position,
      decoded.errors.map((e) => `${e.pointer}: ${e.message}`),
    );
  }
  // decodeCloudEvent builds a plain object of JSON values: attributes, extensions and the parsed data.
  const record = decoded.event as unknown as JsonObject;
  let canonical: string;
  try {
    canonical = canonicalize(record);
  } catch (error) {
    if (!(error instanceof CanonicalizationError)) throw error;
    return undecodable(message, position, [`the record has no canonical JSON form: ${error.message}`]);
  }
  if (holdsNul(record))
    return undecodable(message, position, ['the record holds U+0000, which cannot be stored']);
  return { pending: { recordId: decoded.event.id, record, summary: summarizeRecord(record), canonical } };
}
