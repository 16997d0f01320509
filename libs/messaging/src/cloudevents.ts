import type { IHeaders, Message } from 'kafkajs';
import { DEFAULT_JSON_LIMITS, parseJsonSafely, type JsonLimits } from './safe-json';

/**
 * A CloudEvents 1.0 event as Beacon carries it: every attribute in `ce_*`
 * headers (Kafka protocol binding, binary content mode) and the data as a
 * JSON body. `subject` is the subject id and also the record key, so one
 * subject's events keep one order.
 */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  type: string;
  specversion: '1.0';
  time: string;
  subject: string;
  dataschema?: string;
  datacontenttype: 'application/json';
  /** Extension: the id shared by every event of one business flow. */
  correlationid?: string;
  /** Extension: the id of the event that caused this one. */
  causationid?: string;
  /** Extension set by intake: the partner authenticated by the inbound topic it wrote. */
  partnerid?: string;
  /** Extension set by intake: when Beacon received the event (RFC 3339). */
  receivedtime?: string;
  /** Further extension attributes (lower-case a-z0-9 names), carried as `ce_<name>` headers. */
  extensions?: Record<string, string>;
  data: T;
}

/** One reason a record is not a valid CloudEvent; `pointer` says where. */
export interface EnvelopeError {
  pointer: string;
  message: string;
}

export type DecodeResult<T = unknown> =
  { ok: true; event: CloudEvent<T> } | { ok: false; errors: EnvelopeError[] };

/** A Kafka record as it arrives: kafkajs gives Buffers, tests may give strings. */
export interface IncomingRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

const CONTENT_TYPE = 'application/json';
const REQUIRED = ['id', 'source', 'type', 'specversion', 'time', 'subject'] as const;
const OPTIONAL = ['dataschema', 'correlationid', 'causationid', 'partnerid', 'receivedtime'] as const;
// RFC 3339 date-time, as CloudEvents requires for `time`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const TYPE_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+\.v\d+$/;
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

/**
 * Encodes an event as a Kafka record in binary content mode: attributes in
 * `ce_*` headers, data as the JSON body, subject as the key.
 */
export function encodeCloudEvent<T>(event: CloudEvent<T>): Message {
  const headers: Record<string, string> = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_time: event.time,
    ce_subject: event.subject,
    'content-type': event.datacontenttype,
  };
  for (const name of OPTIONAL) {
    const value = event[name];
    if (value !== undefined) headers[`ce_${name}`] = value;
  }
  for (const [name, value] of Object.entries(event.extensions ?? {})) {
    if (!EXTENSION_NAME.test(name) || KNOWN.has(name))
      throw new Error(`"${name}" is not a valid CloudEvents extension name here`);
    headers[`ce_${name}`] = value;
  }
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

/** The text of a header (the last value when repeated), or undefined. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const first = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/**
 * Decodes a Kafka record into a CloudEvent. Never throws: every problem is
 * returned with a JSON pointer (`/headers/ce_type`, `/data`) and a plain
 * message, so the caller can tell the sender exactly what to fix.
 */
export function decodeCloudEvent<T = unknown>(
  record: IncomingRecord,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): DecodeResult<T> {
  const errors: EnvelopeError[] = [];
  const attrs: Record<string, string | undefined> = {};
  for (const name of [...REQUIRED, ...OPTIONAL]) attrs[name] = headerText(record.headers, `ce_${name}`);

  for (const name of REQUIRED) {
    if (attrs[name] === undefined || attrs[name] === '') {
      errors.push({ pointer: `/headers/ce_${name}`, message: `header ce_${name} is required` });
    }
  }
  if (attrs.specversion !== undefined && attrs.specversion !== '1.0') {
    errors.push({
      pointer: '/headers/ce_specversion',
      message: `specversion must be "1.0", got "${attrs.specversion}"`,
    });
  }
  if (attrs.time && !(RFC3339.test(attrs.time) && !Number.isNaN(Date.parse(attrs.time)))) {
    errors.push({ pointer: '/headers/ce_time', message: `"${attrs.time}" is not an RFC 3339 timestamp` });
  }
  if (attrs.type && !TYPE_PATTERN.test(attrs.type)) {
    errors.push({
      pointer: '/headers/ce_type',
      message: `"${attrs.type}" is not a reverse-DNS type with a version, such as org.beacon.alert.raised.v1`,
    });
  }
  const contentType = headerText(record.headers, 'content-type');
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() !== CONTENT_TYPE) {
    errors.push({
      pointer: '/headers/content-type',
      message: `content-type must be ${CONTENT_TYPE} (binary mode); got "${contentType}"`,
    });
  }
  const key = record.key === undefined || record.key === null ? undefined : record.key.toString();
  if (key !== undefined && attrs.subject !== undefined && key !== attrs.subject) {
    errors.push({
      pointer: '/key',
      message: `record key "${key}" differs from ce_subject "${attrs.subject}"`,
    });
  }

  let data: unknown;
  if (record.value === null || record.value.length === 0) {
    errors.push({ pointer: '/data', message: 'the body is empty; a JSON object is required' });
  } else {
    const parsed = parseJsonSafely(record.value, limits);
    if (parsed.ok) data = parsed.value;
    else errors.push({ pointer: parsed.pointer, message: parsed.message });
  }
  if (errors.length > 0) return { ok: false, errors };

  const event: CloudEvent<T> = {
    id: attrs.id as string,
    source: attrs.source as string,
    type: attrs.type as string,
    specversion: '1.0',
    time: attrs.time as string,
    subject: attrs.subject as string,
    datacontenttype: CONTENT_TYPE,
    data: data as T,
  };
  for (const name of OPTIONAL) {
    if (attrs[name] !== undefined) event[name] = attrs[name];
  }
  const extensions: Record<string, string> = {};
  for (const header of Object.keys(record.headers ?? {})) {
    const name = header.slice(3);
    if (header.startsWith('ce_') && !KNOWN.has(name) && EXTENSION_NAME.test(name)) {
      extensions[name] = headerText(record.headers, header) as string;
    }
  }
  if (Object.keys(extensions).length > 0) event.extensions = extensions;
  return { ok: true, event };
}
