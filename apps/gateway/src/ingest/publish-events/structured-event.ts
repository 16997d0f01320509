import type { EnvelopeError } from '@beacon/messaging';

/**
 * One CloudEvent in structured content mode, as a partner POSTs it: every
 * attribute and the data in one JSON object. Untrusted: any JSON object.
 */
export type StructuredEvent = Readonly<Record<string, unknown>>;

/**
 * A Kafka record in binary content mode, the form intake reads from an
 * inbound topic: attributes in `ce_*` headers, the data as the JSON body,
 * the subject as the key.
 */
export interface InboundRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** The record a structured event becomes, and what stopped it from being an exact equivalent. */
export interface ConvertedEvent {
  readonly record: InboundRecord;
  /** Problems only structured mode can have (an attribute that is not a string, `data_base64`). */
  readonly reasons: readonly EnvelopeError[];
}

// In the order encodeCloudEvent writes them, so both produce the same headers.
const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'subject'] as const;
const OPTIONAL_ATTRIBUTES = [
  'dataschema',
  'correlationid',
  'causationid',
  'partnerid',
  'receivedtime',
] as const;
const KNOWN_ATTRIBUTES = new Set<string>([...REQUIRED_ATTRIBUTES, ...OPTIONAL_ATTRIBUTES]);
const DATA_MEMBERS = new Set(['data', 'data_base64', 'datacontenttype']);
// CloudEvents 1.0: attribute names are lower-case ASCII letters and digits.
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const DEFAULT_CONTENT_TYPE = 'application/json';

/** `null`, `a number`, `an array`…: how a JSON value is named in a message. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  // Not JSON, but what a body that never arrived looks like.
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function quoteName(name: string): string {
  return JSON.stringify(name.length > 50 ? `${name.slice(0, 50)}…` : name);
}

/**
 * Turns a structured-mode event into the binary-mode record a partner would
 * have written to its inbound topic itself (the CloudEvents Kafka binding):
 * each attribute `x` becomes header `ce_x`, `datacontenttype` becomes
 * `content-type` (`application/json` when absent, as the JSON event format
 * implies), `data` becomes the JSON body and `subject` the key.
 *
 * The record is then judged by intake's own `admitInboundRecord`, so the
 * gateway and intake give the same answer for the same event. What cannot be
 * written as a header at all is reported here, at the `/headers/ce_<name>`
 * pointer intake would use for that attribute: Beacon's attributes must be
 * strings, extensions strings, integers or booleans (sent as text), and data
 * must be JSON in `data`, not `data_base64`. Such an attribute is left out
 * of the record, so admission's "is required" reason may follow it.
 * Pure and total.
 */
export function structuredToRecord(event: StructuredEvent): ConvertedEvent {
  const reasons: EnvelopeError[] = [];
  const headers: Record<string, string> = {};
  const attribute = (name: string, value: unknown): void => {
    const pointer = `/headers/ce_${escapePointer(name)}`;
    if (!ATTRIBUTE_NAME.test(name)) {
      reasons.push({
        pointer,
        message: `${quoteName(name)} is not a CloudEvents attribute name: use lower-case letters a-z and digits 0-9`,
      });
    } else if (typeof value === 'string') {
      headers[`ce_${name}`] = value;
    } else if (!KNOWN_ATTRIBUTES.has(name) && (Number.isInteger(value) || typeof value === 'boolean')) {
      // Extension attributes may be integers or booleans; a Kafka header carries their text.
      headers[`ce_${name}`] = String(value);
    } else {
      const expected = KNOWN_ATTRIBUTES.has(name) ? 'a string' : 'a string, an integer or a boolean';
      reasons.push({
        pointer,
        message: `attribute "${name}" must be ${expected}, not ${describeJson(value)}`,
      });
    }
  };

  // Own members only (Object.hasOwn, Object.keys): a prototype must not lend an event attributes.
  for (const name of REQUIRED_ATTRIBUTES) if (Object.hasOwn(event, name)) attribute(name, event[name]);
  const contentType = Object.hasOwn(event, 'datacontenttype') ? event.datacontenttype : DEFAULT_CONTENT_TYPE;
  if (typeof contentType === 'string') headers['content-type'] = contentType;
  else
    reasons.push({
      pointer: '/headers/content-type',
      message: `datacontenttype must be a string such as ${DEFAULT_CONTENT_TYPE}, not ${describeJson(contentType)}`,
    });
  for (const name of OPTIONAL_ATTRIBUTES) if (Object.hasOwn(event, name)) attribute(name, event[name]);
  for (const name of Object.keys(event)) {
    if (!KNOWN_ATTRIBUTES.has(name) && !DATA_MEMBERS.has(name)) attribute(name, event[name]);
  }

  let value: Buffer | null = null;
  if (Object.hasOwn(event, 'data_base64')) {
    reasons.push({
      pointer: '/data',
      message: 'data_base64 is not accepted: Beacon event data is JSON and travels in "data"',
    });
  } else if (Object.hasOwn(event, 'data')) {
    value = Buffer.from(JSON.stringify(event.data), 'utf8');
  }
  // Without data the body is empty, which admission refuses with intake's own words.

  const key = typeof event.subject === 'string' ? event.subject : null;
  return { record: { key, value, headers }, reasons };
}
