import { randomUUID } from 'node:crypto';
import type { AccessRecordedV1Data } from '@beacon/contracts';
import type { Principal } from '@beacon/auth';
import type { AccessTarget } from './protected-routes';

/** The CloudEvents type the gateway writes to the audit topic for each recorded request. */
export const ACCESS_RECORDED_TYPE = 'org.beacon.access.recorded.v1';

/** The header the referrals and audit apps set to name the subjects of an answer; never passed to the client. */
export const SUBJECT_IDS_HEADER = 'x-beacon-subject-ids';

/**
 * The header a gateway route sets to add a note for auditors to its access
 * record's reason (a consent flagged for volume, say); never passed to the
 * client.
 */
export const ACCESS_NOTE_HEADER = 'x-beacon-access-note';

/** The request's correlation id: taken from the request when usable, generated otherwise, echoed back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Everything the access log learnt about one request once its answer is ready to leave. */
export interface AnsweredRequest {
  readonly target: AccessTarget;
  /** The verified caller; absent when the token was missing or failed verification. */
  readonly principal?: Principal;
  readonly status: number;
  /** The JSON body of an error answer (`{ statusCode, error, message, code }`), to say why it was refused. */
  readonly errorBody?: unknown;
  /** The parsed JSON request body, where a route names its subject there. */
  readonly requestBody?: unknown;
  /** The value of {@link SUBJECT_IDS_HEADER} an upstream service set, if any. */
  readonly upstreamSubjectIds?: string;
  /** The value of {@link ACCESS_NOTE_HEADER} the route set, if any. */
  readonly note?: string;
  readonly address?: string;
  readonly userAgent?: string;
  readonly correlationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_SUBJECTS = 500;

/** The request's own `x-request-id` when it is 1-200 visible ASCII characters; a new UUID otherwise. */
export function correlationIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && CORRELATION_ID.test(value) ? value : randomUUID();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Subject ids in a comma-separated header value, or a JSON array of them. */
export function parseSubjectIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((part) => part.trim().replace(/^\[?"?|"?\]?$/g, ''))
    .filter((part) => UUID.test(part));
}

function subjectIdsOf(answered: AnsweredRequest): string[] {
  const { target, requestBody } = answered;
  const found: string[] = [];
  if (target.subjectFromPath !== undefined) found.push(target.subjectFromPath);
  if (target.subjectBodyField !== undefined && requestBody !== null && typeof requestBody === 'object') {
    const named = (requestBody as Record<string, unknown>)[target.subjectBodyField];
    if (typeof named === 'string') found.push(named);
  }
  found.push(...parseSubjectIds(answered.upstreamSubjectIds));
  const unique = [...new Set(found.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  return unique.slice(0, MAX_SUBJECTS);
}

function messageOf(body: unknown): { code?: string; message?: string } {
  if (body === null || typeof body !== 'object') return {};
  const { code, message } = body as { code?: unknown; message?: unknown };
  const text = Array.isArray(message)
    ? message.filter((m) => typeof m === 'string').join('; ')
    : typeof message === 'string'
      ? message
      : undefined;
  return { ...(typeof code === 'string' ? { code } : {}), ...(text ? { message: text } : {}) };
}

/** Why the answer is what it is, in one line for an auditor. */
export function reasonFor(answered: AnsweredRequest): string {
  if (answered.status < 400) {
    const roles = answered.principal?.roles.join(', ');
    const reason = roles ? `answered ${answered.status} to roles ${roles}` : `answered ${answered.status}`;
    const note = answered.note?.trim();
    return note ? clip(`${reason}; ${note}`, 500) : reason;
  }
  const { code, message } = messageOf(answered.errorBody);
  let reason: string;
  if (message !== undefined && code !== undefined)
    reason = message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
  else reason = message ?? code ?? `refused with HTTP ${answered.status}`;
  return clip(reason, 500);
}

/**
 * The access record of one answered request (pure: the caller supplies the
 * record id and time). An answer below 400 is `allowed`; anything else —
 * 401 without a verified caller, 403, 404, 409, a failure — is `denied`
 * with the answer's own reason.
 */
export function buildAccessRecord(
  answered: AnsweredRequest,
  stamp: { recordId: string; recordedAt: string },
): AccessRecordedV1Data {
  const { target, principal } = answered;
  const subjectIds = subjectIdsOf(answered);
  const address = answered.address?.replace(/%.*$/, '');
  const userAgent = answered.userAgent?.trim();
  const client =
    address !== undefined && ADDRESS.test(address)
      ? { address, ...(userAgent ? { userAgent: clip(userAgent, 500) } : {}) }
      : undefined;
  return {
    recordId: stamp.recordId,
    recordedAt: stamp.recordedAt,
    ...(principal
      ? {
          principal: {
            sub: clip(principal.subject, 200),
            partnerId: principal.partnerId,
            roles: [...principal.roles],
            sector: principal.sector,
            ...(principal.tokenId ? { tokenId: clip(principal.tokenId, 200) } : {}),
          },
        }
      : {}),
    action: target.action,
    resource: {
      type: target.resource,
      ...(target.resourceId ? { id: clip(target.resourceId, 200) } : {}),
      ...(subjectIds.length === 1 ? { subjectId: subjectIds[0] } : {}),
      method: target.method,
      route: target.route,
      path: clip(target.path, 500),
      ...(subjectIds.length > 0 ? { subjectIds } : {}),
    },
    outcome: answered.status < 400 ? 'allowed' : 'denied',
    status: answered.status,
    reason: reasonFor(answered),
    ...(client ? { client } : {}),
    correlationId: answered.correlationId,
  };
}

/**
 * The Kafka key of a record (EVENT_FLOWS: subject id or partner id): the
 * subject when the request concerns one, so a subject's disclosures and
 * accesses share an order; the caller's partner otherwise; `anonymous` for
 * a caller nobody knows.
 */
export function accessRecordKey(record: AccessRecordedV1Data): string {
  return record.resource.subjectIds?.[0] ?? record.principal?.partnerId ?? 'anonymous';
}
