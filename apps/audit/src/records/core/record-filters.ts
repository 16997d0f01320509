/**
 * The auditor API's query parameters, checked one by one before anything
 * reaches the database: each value must have the form its parameter names,
 * or the request is refused with the parameter's name and what is wrong
 * (HTTP 400). Values are then only ever bound as query parameters.
 *
 * Pure: no Nest, no I/O.
 */
import { InvalidParameterError } from './invalid-parameter.error';
import { decodeCursor, type RecordCursor } from './record-cursor';

/** `deliver` (disclosure records) and the actions of access records. */
export const RECORD_ACTIONS = [
  'deliver',
  'read',
  'list',
  'search',
  'export',
  'create',
  'update',
  'revoke',
  'verify',
] as const;
export const RECORD_OUTCOMES = ['allowed', 'denied'] as const;

/** Default and largest page size of `GET /v1/audit/records`. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** The filters of `GET /v1/audit/records` and its export; every one optional, all of them ANDed. */
export interface RecordFilters {
  /** The subject whose data the record is about. */
  subject?: string;
  /** The partner that received (disclosure) or acted (access). */
  partner?: string;
  /** The token subject (person or system) behind an access record. */
  actor?: string;
  /** The source event of a disclosure, or the resource id of an access record. */
  eventId?: string;
  /** A JSON pointer that the record disclosed or withheld (exactly that path). */
  path?: string;
  action?: (typeof RECORD_ACTIONS)[number];
  outcome?: (typeof RECORD_OUTCOMES)[number];
  /** Record time at or after (ISO 8601 UTC, milliseconds). */
  from?: string;
  /** Record time before. */
  to?: string;
}

export const FILTER_NAMES = [
  'subject',
  'partner',
  'actor',
  'eventId',
  'path',
  'action',
  'outcome',
  'from',
  'to',
] as const satisfies readonly (keyof RecordFilters)[];

/** A page request: filters, how many, and where the previous page ended. */
export interface RecordsPageRequest {
  filters: RecordFilters;
  limit: number;
  after?: RecordCursor;
}

const MAX_ID_LENGTH = 200;
const MAX_PATH_LENGTH = 300;
// C0 and C1 controls and DEL: never part of an id, and U+0000 cannot even be stored.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
// RFC 6901: "/" then any characters with "~" escaped as ~0 or ~1, one or more segments.
const JSON_POINTER = /^(\/([^~/]|~[01])*)+$/;
// RFC 3339 date-time: a time zone is required, so a time cannot mean different instants on different hosts.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

type QueryValue = unknown;

/** A single string value of `name`, or undefined when absent. */
function single(query: Record<string, QueryValue>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new InvalidParameterError(name, 'must be given once, as a plain value');
  if (value === '') throw new InvalidParameterError(name, 'is empty; leave it out to not filter by it');
  return value;
}

function identifier(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_ID_LENGTH)
    throw new InvalidParameterError(name, `is ${value.length} characters long; at most ${MAX_ID_LENGTH}`);
  if (CONTROL.test(value)) throw new InvalidParameterError(name, 'holds a control character');
  if (value.trim() !== value)
    throw new InvalidParameterError(name, 'begins or ends with white space, which no id does');
  return value;
}

function partnerId(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!PARTNER_ID.test(value))
    throw new InvalidParameterError(
      name,
      'is not a partner id (2-63 lower-case letters, digits or hyphens, starting with a letter or digit)',
    );
  return value;
}

/** Checks a JSON pointer (RFC 6901) as the audit records write paths, e.g. `/subject/givenName`. */
export function jsonPointer(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_PATH_LENGTH)
    throw new InvalidParameterError(name, `is ${value.length} characters long; at most ${MAX_PATH_LENGTH}`);
  if (CONTROL.test(value) || !JSON_POINTER.test(value))
    throw new InvalidParameterError(
      name,
      'is not a JSON pointer such as /subject/givenName ("/" before each segment, "~" written as ~0 or ~1)',
    );
  return value;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new InvalidParameterError(name, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** An RFC 3339 time with a zone, as an ISO 8601 UTC instant with milliseconds. */
export function instant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const millis = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(millis) || millis < MIN_TIME || millis > MAX_TIME)
    throw new InvalidParameterError(
      name,
      'is not an RFC 3339 time with a time zone, e.g. 2026-11-25T09:00:00Z',
    );
  return new Date(millis).toISOString();
}

function pageSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (!/^[0-9]{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
    throw new InvalidParameterError('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  return Number(value);
}

function refuseUnknown(query: Record<string, QueryValue>, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    // A misspelt filter would otherwise be ignored and widen the answer to every record.
    if (!known.includes(name))
      throw new InvalidParameterError(
        name.length > 60 ? `${name.slice(0, 60)}…` : name,
        `is not known here; known: ${known.join(', ')}`,
      );
  }
}

/**
 * The filters in `query` (Express's parsed query string).
 *
 * @param extra names of other parameters the route reads itself (`format`).
 * @throws {InvalidParameterError} for an unknown, repeated or malformed parameter.
 */
export function parseRecordFilters(
  query: Record<string, QueryValue>,
  extra: readonly string[] = [],
): RecordFilters {
  refuseUnknown(query, [...FILTER_NAMES, ...extra]);
  const filters: RecordFilters = {
    subject: identifier('subject', single(query, 'subject')),
    partner: partnerId('partner', single(query, 'partner')),
    actor: identifier('actor', single(query, 'actor')),
    eventId: identifier('eventId', single(query, 'eventId')),
    path: jsonPointer('path', single(query, 'path')),
    action: oneOf('action', single(query, 'action'), RECORD_ACTIONS),
    outcome: oneOf('outcome', single(query, 'outcome'), RECORD_OUTCOMES),
    from: instant('from', single(query, 'from')),
    to: instant('to', single(query, 'to')),
  };
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to)
    throw new InvalidParameterError('to', 'must be later than from');
  for (const name of FILTER_NAMES) if (filters[name] === undefined) delete filters[name];
  return filters;
}

/** A page request of `GET /v1/audit/records`: the filters, `limit` and `cursor`. */
export function parseRecordsPageRequest(query: Record<string, QueryValue>): RecordsPageRequest {
  const filters = parseRecordFilters(query, ['limit', 'cursor']);
  const limit = pageSize(single(query, 'limit'));
  const cursor = single(query, 'cursor');
  return { filters, limit, ...(cursor === undefined ? {} : { after: decodeCursor(cursor) }) };
}

/** The filters as the export header names them (only those given). */
export function describeFilters(filters: RecordFilters): Record<string, string> {
  return Object.fromEntries(
    FILTER_NAMES.flatMap((name) => (filters[name] === undefined ? [] : [[name, String(filters[name])]])),
  );
}

/** Checks the parameters of `GET /v1/audit/who-could-see`. */
export function parseWhoCouldSee(query: Record<string, QueryValue>): {
  subject: string;
  path: string;
  at: string;
} {
  refuseUnknown(query, ['subject', 'path', 'at']);
  const subject = identifier('subject', single(query, 'subject'));
  const path = jsonPointer('path', single(query, 'path'));
  if (subject === undefined) throw new InvalidParameterError('subject', 'is required');
  if (path === undefined) throw new InvalidParameterError('path', 'is required');
  // Without `at`, "up to now".
  const at = instant('at', single(query, 'at')) ?? new Date().toISOString();
  return { subject, path, at };
}

/** Checks the parameters of `GET /v1/explain`. */
export function parseExplain(query: Record<string, QueryValue>): { eventId: string; partnerId: string } {
  refuseUnknown(query, ['event', 'partner']);
  const eventId = identifier('event', single(query, 'event'));
  const partner = partnerId('partner', single(query, 'partner'));
  if (eventId === undefined) throw new InvalidParameterError('event', 'is required');
  if (partner === undefined) throw new InvalidParameterError('partner', 'is required');
  return { eventId, partnerId: partner };
}
