import { canonicalize, type JsonValue } from './canonical-json';

/** The CloudEvents type of a disclosure record (redaction writes one per delivery). */
export const DISCLOSURE_RECORDED_TYPE = 'org.beacon.disclosure.recorded.v1';
/** The CloudEvents type of an access record (the gateway writes one per read or refusal). */
export const ACCESS_RECORDED_TYPE = 'org.beacon.access.recorded.v1';

/** A JSON object: the shape of every record body the chain holds. */
export type JsonObject = { [key: string]: JsonValue };

/** One path not delivered as it was, and what was done to it instead. */
export interface WithheldPath {
  path: string;
  transformation: string;
  reason: string | null;
}

/**
 * What a stored row's columns say about its record: who, did what, to which
 * resource, with what outcome and under which policy and consents. It is
 * derived from the hashed record alone ({@link summarizeRecord}), so the
 * verifier can recompute it and catch a column changed behind the record's
 * back. It names paths, never values: the records carry no withheld value.
 */
export interface RecordSummary {
  /** The record's CloudEvents type. */
  recordType: string | null;
  /** The record's CloudEvents time, as an ISO 8601 UTC instant with milliseconds. */
  time: string | null;
  /** The organisation that received (disclosure) or accessed (access) the data: a partner id. */
  actor: string | null;
  /** The person behind an access (the token's subject); disclosures are to organisations, so none. */
  actorSub: string | null;
  /** `deliver` for a disclosure; the access record's own action otherwise. */
  action: string | null;
  /** A disclosure's source event type; an access record's resource type (`referral`, `audit-export`…). */
  resourceType: string | null;
  /** A disclosure's source event id; an access record's resource id. */
  resourceId: string | null;
  /** The subject whose data it was. */
  subjectId: string | null;
  /** Where the source event sits on the canonical log (disclosures only). */
  resourceTopic: string | null;
  resourcePartition: number | null;
  resourceOffset: string | null;
  /** `allowed` or `denied`; a disclosure is a delivery that was allowed. */
  outcome: string | null;
  purpose: string | null;
  policyId: string | null;
  policyVersion: string | null;
  consentIds: string[];
  disclosedPaths: string[];
  withheld: WithheldPath[];
  breakGlass: boolean;
  correlationId: string | null;
}

function objectAt(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function texts(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function integer(value: JsonValue | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

// Years 1-9999: what both JavaScript and Postgres timestamptz represent without surprises.
const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** An RFC 3339 time as an ISO 8601 UTC instant with milliseconds, or null when it is not one. */
export function normalizeTime(value: JsonValue | undefined): string | null {
  if (typeof value !== 'string') return null;
  const millis = Date.parse(value);
  if (!Number.isFinite(millis) || millis < MIN_TIME || millis > MAX_TIME) return null;
  return new Date(millis).toISOString();
}

function emptySummary(record: JsonObject): RecordSummary {
  return {
    recordType: text(record.type),
    time: normalizeTime(record.time),
    actor: null,
    actorSub: null,
    action: null,
    resourceType: null,
    resourceId: null,
    subjectId: null,
    resourceTopic: null,
    resourcePartition: null,
    resourceOffset: null,
    outcome: null,
    purpose: null,
    policyId: null,
    policyVersion: null,
    consentIds: [],
    disclosedPaths: [],
    withheld: [],
    breakGlass: false,
    correlationId: text(record.correlationid),
  };
}

function disclosureSummary(base: RecordSummary, data: JsonObject): RecordSummary {
  const event = objectAt(data.event) ?? {};
  const recipient = objectAt(data.recipient) ?? {};
  const policy = objectAt(data.policy) ?? {};
  const withheld = Array.isArray(data.withheld) ? data.withheld : [];
  return {
    ...base,
    actor: text(recipient.partnerId),
    action: 'deliver',
    resourceType: text(event.type),
    resourceId: text(event.id),
    subjectId: text(data.subjectId),
    resourceTopic: text(event.topic),
    resourcePartition: integer(event.partition),
    resourceOffset: text(event.offset),
    outcome: 'allowed',
    purpose: text(data.purpose),
    policyId: text(policy.id),
    policyVersion: text(policy.version),
    consentIds: texts(data.consentIds),
    disclosedPaths: texts(data.disclosedPaths),
    withheld: withheld.flatMap((item) => {
      const entry = objectAt(item);
      const path = text(entry?.path);
      const transformation = text(entry?.transformation);
      return path === null || transformation === null
        ? []
        : [{ path, transformation, reason: text(entry?.reason) }];
    }),
    breakGlass: objectAt(data.breakGlass)?.used === true,
  };
}

function accessSummary(base: RecordSummary, data: JsonObject): RecordSummary {
  const principal = objectAt(data.principal) ?? {};
  const resource = objectAt(data.resource) ?? {};
  return {
    ...base,
    actor: text(principal.partnerId),
    actorSub: text(principal.sub),
    action: text(data.action),
    resourceType: text(resource.type),
    resourceId: text(resource.id),
    subjectId: text(resource.subjectId),
    outcome: text(data.outcome),
    purpose: text(data.purpose),
    breakGlass: data.breakGlass === true,
    correlationId: text(data.correlationId) ?? base.correlationId,
  };
}

/**
 * The columns of a record, derived from the record alone. Never throws: a
 * record of an unknown type, or one that does not follow its schema, still
 * gets a row (an audit writer that drops what it cannot read would hide
 * exactly the records worth a look); the fields it lacks are null.
 */
export function summarizeRecord(record: JsonObject): RecordSummary {
  const base = emptySummary(record);
  const data = objectAt(record.data);
  if (data === undefined) return base;
  switch (base.recordType) {
    case DISCLOSURE_RECORDED_TYPE:
      return disclosureSummary(base, data);
    case ACCESS_RECORDED_TYPE:
      return accessSummary(base, data);
    default:
      return base;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    return canonicalize(a ?? null) === canonicalize(b ?? null);
  } catch {
    // A stored value with no JSON form (it came from somewhere else than this code) cannot agree.
    return false;
  }
}

/** The summary fields on which `stored` disagrees with `derived`, in field order. */
export function summaryDifferences(derived: RecordSummary, stored: RecordSummary): (keyof RecordSummary)[] {
  return (Object.keys(derived) as (keyof RecordSummary)[]).filter(
    (field) => !sameValue(derived[field], stored[field]),
  );
}
