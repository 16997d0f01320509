import type { CaseWorker, NeedType, ReferralReasonCode, ReferralStatus, Urgency } from '@beacon/contracts';
import { CLOSE_REASONS, type CloseResult, type ReferralOutcome } from './referral.decider';
import { URGENCIES } from './accept-deadlines';

/*
 * What a case worker may ask of the referrals API, checked before anything
 * runs: the list's query parameters and each action's JSON body. Pure; every
 * problem names the parameter or field it is about, so the HTTP layer can
 * answer 400 with it.
 */

/** One thing wrong with a request: `field` is the query parameter or the body field (dotted for nested ones). */
export interface RequestProblem {
  readonly field: string;
  readonly message: string;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly RequestProblem[] };

// Code lists of schemas/common/vocabulary.json. The `Exhaustive` checks below fail
// to compile when a generated type gains a value these lists do not name.
export const REFERRAL_STATUSES = [
  'created',
  'delivered',
  'accepted',
  'declined',
  'in-progress',
  'closed',
  'withdrawn',
] as const satisfies readonly ReferralStatus[];
export const REFERRAL_REASON_CODES = [
  'client-refused-services',
  'lack-of-capacity',
  'unable-to-contact-client',
  'not-eligible',
  'duplicate',
  'services-completed',
  'client-moved-away',
  'referred-elsewhere',
  'safety-concern',
  'sent-in-error',
  'other',
] as const satisfies readonly ReferralReasonCode[];
export const NEED_TYPES = [
  'shelter',
  'medical',
  'legal',
  'immigration-advice',
  'interpretation',
  'counselling',
  'repatriation',
  'financial-support',
  'education',
  'childcare',
  'employment-support',
  'safety-planning',
] as const satisfies readonly NeedType[];
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const listsAreComplete: [
  Exhaustive<ReferralStatus, (typeof REFERRAL_STATUSES)[number]>,
  Exhaustive<ReferralReasonCode, (typeof REFERRAL_REASON_CODES)[number]>,
  Exhaustive<NeedType, (typeof NEED_TYPES)[number]>,
] = [true, true, true];
void listsAreComplete;

const CLOSE_RESULTS: readonly CloseResult[] = ['successful', 'not-successful'];
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const NOTE_MAX = 2000;

/** The largest page the list answers. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Where the caller's partner stands in a referral: it received it, or it sent it. */
export type Direction = 'incoming' | 'outgoing';

/** Where a page starts: after this referral in the list's order (newest received first). */
export interface ListPosition {
  /** `received_at` to the microsecond, as RFC 3339 in UTC. */
  readonly receivedAt: string;
  readonly referralId: string;
}

/** The list's filters, checked. */
export interface ReferralListFilter {
  readonly statuses?: readonly ReferralStatus[];
  readonly urgencies?: readonly Urgency[];
  readonly assignedWorker?: string;
  readonly direction?: Direction;
  readonly after?: ListPosition;
  readonly limit: number;
}

const LIST_PARAMETERS = ['status', 'urgency', 'assignedWorker', 'direction', 'cursor', 'limit'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The opaque cursor of the page after `position`. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.receivedAt, position.referralId]), 'utf8').toString(
    'base64url',
  );
}

/** The position a cursor stands for, or `undefined` when it is not one this API gave out. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [receivedAt, referralId] = parsed as unknown[];
  if (
    typeof receivedAt !== 'string' ||
    !CURSOR_TIME.test(receivedAt) ||
    Number.isNaN(Date.parse(receivedAt))
  ) {
    return undefined;
  }
  if (typeof referralId !== 'string' || !UUID.test(referralId)) return undefined;
  return { receivedAt, referralId };
}

/** Checks `GET /v1/referrals`'s query. A parameter given twice, unknown or outside its vocabulary is named. */
export function checkListQuery(query: Readonly<Record<string, unknown>>): Checked<ReferralListFilter> {
  const problems: RequestProblem[] = [];
  for (const name of Object.keys(query)) {
    if (!LIST_PARAMETERS.includes(name)) {
      problems.push({ field: name, message: `unknown parameter; use ${LIST_PARAMETERS.join(', ')}` });
    }
  }
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      problems.push({
        field: name,
        message: 'give it once, as a single value (a comma-separated list where allowed)',
      });
      return undefined;
    }
    return value;
  };
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] | undefined => {
    const raw = single(name);
    if (raw === undefined) return undefined;
    const values = raw.split(',').map((v) => v.trim());
    const wrong = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (wrong.length > 0 || values.length === 0) {
      problems.push({
        field: name,
        message: `${wrong.map((v) => JSON.stringify(v.slice(0, 40))).join(', ')} is not one of ${allowed.join(', ')}`,
      });
      return undefined;
    }
    return [...new Set(values)] as T[];
  };

  const statuses = list('status', REFERRAL_STATUSES);
  const urgencies = list('urgency', URGENCIES);
  const direction = list<Direction>('direction', ['incoming', 'outgoing']);
  if (direction !== undefined && direction.length > 1) {
    problems.push({
      field: 'direction',
      message: 'give one of incoming, outgoing (or leave it out for both)',
    });
  }
  const assignedWorker = single('assignedWorker');
  if (assignedWorker !== undefined && (assignedWorker.length === 0 || assignedWorker.length > 100)) {
    problems.push({ field: 'assignedWorker', message: 'must be a worker id of 1 to 100 characters' });
  }
  const rawLimit = single('limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_PAGE_SIZE) {
      problems.push({ field: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
    } else {
      limit = Number(rawLimit);
    }
  }
  const rawCursor = single('cursor');
  const after = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
  if (rawCursor !== undefined && after === undefined) {
    problems.push({
      field: 'cursor',
      message: 'is not a cursor this API gave out; use nextCursor from a previous page',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...(statuses === undefined ? {} : { statuses }),
      ...(urgencies === undefined ? {} : { urgencies }),
      ...(assignedWorker === undefined ? {} : { assignedWorker }),
      ...(direction === undefined ? {} : { direction: direction[0] as Direction }),
      ...(after === undefined ? {} : { after }),
      limit,
    },
  };
}

// ---- action bodies ----

export interface NoteBody {
  readonly note?: string;
}
export interface ReasonBody extends NoteBody {
  readonly reasonCode: ReferralReasonCode;
}
export interface CloseBody extends NoteBody {
  readonly outcome: ReferralOutcome;
}
export interface ReassignBody extends NoteBody {
  readonly worker: CaseWorker;
}

/** Reads a JSON body's fields one by one, collecting every problem. */
class BodyReader {
  readonly problems: RequestProblem[] = [];
  private readonly body: Readonly<Record<string, unknown>>;

  constructor(body: unknown, allowed: readonly string[]) {
    if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body))) {
      this.body = (body ?? {}) as Record<string, unknown>;
    } else {
      this.body = {};
      this.problems.push({ field: '(body)', message: 'the body must be a JSON object' });
    }
    for (const name of Object.keys(this.body)) {
      if (!allowed.includes(name)) {
        this.problems.push({
          field: name,
          message: `unknown field; this action takes ${allowed.join(', ')}`,
        });
      }
    }
  }

  text(name: string, max: number, required: boolean): string | undefined {
    const value = this.body[name];
    if (value === undefined) {
      if (required) this.problems.push({ field: name, message: 'is required' });
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      this.problems.push({ field: name, message: `must be a non-empty string of at most ${max} characters` });
      return undefined;
    }
    return value;
  }

  code<T extends string>(name: string, allowed: readonly T[], required: boolean): T | undefined {
    const value = this.body[name];
    if (value === undefined) {
      if (required) this.problems.push({ field: name, message: `is required; one of ${allowed.join(', ')}` });
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problems.push({ field: name, message: `must be one of ${allowed.join(', ')}` });
      return undefined;
    }
    return value as T;
  }

  codes<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const value = this.body[name];
    if (value === undefined) return undefined;
    if (
      !Array.isArray(value) ||
      value.length > 12 ||
      new Set(value).size !== value.length ||
      value.some((item) => typeof item !== 'string' || !(allowed as readonly string[]).includes(item))
    ) {
      this.problems.push({
        field: name,
        message: `must be a list of distinct values (at most 12) from ${allowed.join(', ')}`,
      });
      return undefined;
    }
    return value as T[];
  }

  note(): { note?: string } {
    const note = this.text('note', NOTE_MAX, false);
    return note === undefined ? {} : { note };
  }

  done<T>(value: () => T): Checked<T> {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, value: value() };
  }
}

/** `accept` and `start`: an optional `note`. */
export function checkNoteBody(body: unknown): Checked<NoteBody> {
  const reader = new BodyReader(body, ['note']);
  const note = reader.note();
  return reader.done(() => note);
}

/** `decline` and `withdraw`: a `reason` from the referral reason codes, and an optional `note`. */
export function checkReasonBody(body: unknown): Checked<ReasonBody> {
  const reader = new BodyReader(body, ['reason', 'note']);
  const reasonCode = reader.code('reason', REFERRAL_REASON_CODES, true);
  const note = reader.note();
  return reader.done(() => ({ reasonCode: reasonCode as ReferralReasonCode, ...note }));
}

/**
 * `close`: an `outcome` (successful or not-successful) and a `reason` that
 * fits it, optionally `servicesProvided`, `onwardReferral` (a partner id),
 * `summary` and `note`.
 */
export function checkCloseBody(body: unknown): Checked<CloseBody> {
  const reader = new BodyReader(body, [
    'outcome',
    'reason',
    'servicesProvided',
    'onwardReferral',
    'summary',
    'note',
  ]);
  const result = reader.code('outcome', CLOSE_RESULTS, true);
  const reasonCode = reader.code('reason', REFERRAL_REASON_CODES, true);
  if (result !== undefined && reasonCode !== undefined && !CLOSE_REASONS[result].includes(reasonCode)) {
    reader.problems.push({
      field: 'reason',
      message: `a ${result} close takes one of ${CLOSE_REASONS[result].join(', ')}`,
    });
  }
  const servicesProvided = reader.codes('servicesProvided', NEED_TYPES);
  const onwardReferral = reader.text('onwardReferral', 63, false);
  if (onwardReferral !== undefined && !PARTNER_ID.test(onwardReferral)) {
    reader.problems.push({
      field: 'onwardReferral',
      message: 'must be a partner id (lower-case letters, digits, hyphens)',
    });
  }
  const summary = reader.text('summary', NOTE_MAX, false);
  const note = reader.note();
  return reader.done(() => ({
    outcome: {
      result: result as CloseResult,
      reasonCode: reasonCode as ReferralReasonCode,
      ...(servicesProvided === undefined ? {} : { servicesProvided }),
      ...(onwardReferral === undefined ? {} : { onwardReferral }),
      ...(summary === undefined ? {} : { summary }),
    },
    ...note,
  }));
}

/** `reassign`: the target `workerId` and `workerName` (a worker of the caller's own partner), optional `workerRole` and `note`. */
export function checkReassignBody(body: unknown): Checked<ReassignBody> {
  const reader = new BodyReader(body, ['workerId', 'workerName', 'workerRole', 'note']);
  const workerId = reader.text('workerId', 100, true);
  const name = reader.text('workerName', 200, true);
  const role = reader.text('workerRole', 100, false);
  const note = reader.note();
  return reader.done(() => ({
    worker: { workerId: workerId as string, name: name as string, ...(role === undefined ? {} : { role }) },
    ...note,
  }));
}
