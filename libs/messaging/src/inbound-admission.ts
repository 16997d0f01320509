import { EVENT_FLOWS, tryParseEventType, type SchemaRegistry } from '@beacon/contracts';
import {
  decodeCloudEvent,
  headerText,
  type CloudEvent,
  type EnvelopeError,
  type IncomingRecord,
} from './cloudevents';
import { DEFAULT_JSON_LIMITS, type JsonLimits } from './safe-json';

/** The CloudEvents source every event of a partner must carry. */
export function partnerSource(partnerId: string): string {
  return `urn:beacon:partner:${partnerId}`;
}

/** The most reasons one rejection lists (the rejection schema's bound). */
export const MAX_REASONS = 100;

export type Admission =
  | { ok: true; event: CloudEvent }
  | { ok: false; eventId?: string; eventType?: string; reasons: EnvelopeError[] };

export interface AdmissionContext {
  /** The partner that wrote the record: known from the topic, which only it may write. */
  partnerId: string;
  registry: SchemaRegistry;
  limits?: JsonLimits;
}

/** The value at a simple JSON pointer (no escapes), or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The subject id carried in the data (`/subjectId` or `/subject/subjectId`), if any. */
function subjectIdIn(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (typeof record.subjectId === 'string') return record.subjectId;
  const subject = record.subject;
  if (
    subject !== null &&
    typeof subject === 'object' &&
    typeof (subject as Record<string, unknown>).subjectId === 'string'
  ) {
    return (subject as Record<string, string>).subjectId;
  }
  return undefined;
}

/** Why a type cannot be published by a partner, or undefined when it can. */
function typeProblem(type: string, registry: SchemaRegistry): string | undefined {
  const parsed = tryParseEventType(type);
  if (!parsed) return `"${type}" is not a Beacon event type such as org.beacon.alert.raised.v1`;
  if (!registry.has(type)) {
    const known = registry.versionsOf(parsed.name);
    return known.length > 0
      ? `version ${parsed.version} of ${parsed.name} does not exist; known: ${known.join(', ')}`
      : `unknown event type "${type}"`;
  }
  if (!EVENT_FLOWS[parsed.name]?.channels.includes('inbound')) {
    return `${parsed.name} events are produced by Beacon itself and may not be published by partners`;
  }
  return undefined;
}

/**
 * Decides whether a record from a partner's inbound topic enters Beacon:
 * the envelope (CloudEvents binary mode, safe JSON), the source (it must be
 * the partner's own), the type (known, of a version that exists, and one that
 * partners may publish), the dataschema (if given, the type's), and the data
 * against its schema. Pure and total: it never throws, and a refusal lists
 * every reason with a JSON pointer (`/headers/ce_source`, `/data/subject/…`).
 */
export function admitInboundRecord(record: IncomingRecord, context: AdmissionContext): Admission {
  const { partnerId, registry } = context;
  const eventId = headerText(record.headers, 'ce_id') || undefined;
  const eventType = headerText(record.headers, 'ce_type') || undefined;
  const refuse = (reasons: EnvelopeError[]): Admission => ({
    ok: false,
    eventId: eventId?.slice(0, 200),
    eventType: eventType?.slice(0, 200),
    reasons: reasons.slice(0, MAX_REASONS).map((r) => ({
      pointer: r.pointer.slice(0, 500),
      message: r.message.slice(0, 500),
    })),
  });

  const decoded = decodeCloudEvent(record, context.limits ?? DEFAULT_JSON_LIMITS);
  const reasons: EnvelopeError[] = decoded.ok ? [] : [...decoded.errors];
  const source = headerText(record.headers, 'ce_source');
  if (source && source !== partnerSource(partnerId)) {
    reasons.push({
      pointer: '/headers/ce_source',
      message: `"${source}" is not this partner's source; events on this topic must carry ${partnerSource(partnerId)}`,
    });
  }
  const typeIssue = eventType ? typeProblem(eventType, registry) : undefined;
  if (typeIssue) reasons.push({ pointer: '/headers/ce_type', message: typeIssue });
  if (!decoded.ok || reasons.length > 0) return refuse(reasons);

  const event = decoded.event;
  const expectedSchema = registry.dataschemaFor(event.type);
  if (event.dataschema !== undefined && event.dataschema !== expectedSchema) {
    reasons.push({
      pointer: '/headers/ce_dataschema',
      message: `"${event.dataschema}" is not the schema of ${event.type}; expected ${expectedSchema}`,
    });
  }
  const dataSubject = subjectIdIn(event.data);
  if (dataSubject !== undefined && dataSubject !== event.subject) {
    // The subject is the record key: one order per subject holds only if the header and the data agree.
    reasons.push({
      pointer: '/headers/ce_subject',
      message: `"${event.subject}" differs from the subject id in the data ("${dataSubject}")`,
    });
  }
  const originatorPath = EVENT_FLOWS[tryParseEventType(event.type)?.name ?? '']?.originatorPath;
  const originator = originatorPath ? valueAt(event.data, originatorPath) : undefined;
  if (typeof originator === 'string' && originator !== partnerId) {
    // Routing reads this field: a partner may not speak in another partner's name.
    reasons.push({
      pointer: `/data${originatorPath}`,
      message: `"${originator}" is not the partner that sent this event (${partnerId})`,
    });
  }
  const validation = registry.validate(event.type, event.data);
  if (!validation.ok) {
    for (const error of validation.errors)
      reasons.push({ pointer: `/data${error.pointer}`, message: error.message });
  }
  if (reasons.length > 0) return refuse(reasons);
  return { ok: true, event: { ...event, dataschema: expectedSchema } };
}
