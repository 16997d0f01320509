import type { CaseWorker, OrganisationRef, ReferralReasonCode, Urgency } from '@beacon/contracts';
import { acceptDueAt, type AcceptDeadlines } from './domain/accept-deadlines';
import type { Direction } from './domain/referral-requests';
import type { CloseResult } from './domain/referral.decider';
import type { StoredHistoryEntry, StoredReferral } from './ports/referral-queries.port';

/*
 * What the case-worker API answers: workflow facts only (ids, parties,
 * subject id, status, urgency, deadlines, assignment, history, duplicate
 * flag). The subject's personal data, and free text a worker typed (notes,
 * a closing summary), stay out: case workers read those through the inbox,
 * redacted for their sector. The views built here are what someone who may
 * see everything would get; no caller gets them as they are: every answer
 * is decided for its caller by the sector policy first
 * (disclosure/referral-disclosure.ts, schemas/api/referral-view.v1.json).
 */

export interface ReferralView {
  readonly referralId: string;
  readonly subjectId: string;
  /** `incoming` when the caller's partner received it, `outgoing` when it sent it. */
  readonly direction: Direction;
  readonly originator: OrganisationRef;
  readonly receiver: OrganisationRef;
  readonly status: StoredReferral['status'];
  readonly urgency: Urgency;
  readonly assignedWorker?: CaseWorker;
  readonly reasonCode?: ReferralReasonCode;
  readonly outcome?: {
    readonly result: CloseResult;
    readonly servicesProvided?: readonly string[];
    readonly onwardReferral?: string;
  };
  readonly createdAt: string;
  readonly receivedAt: string;
  readonly updatedAt: string;
  /** When it must be accepted by, while it waits for acceptance and its urgency has a deadline. */
  readonly acceptBy?: string;
  /** When it was escalated for passing that deadline. */
  readonly escalatedAt?: string;
  readonly possibleDuplicate: boolean;
  readonly possibleDuplicateOf: readonly string[];
}

export interface ReferralTransitionView {
  /** `created`, `delivered`, `accepted`, `declined`, `started`, `closed`, `withdrawn`, `reassigned`, `escalated`. */
  readonly type: string;
  readonly from?: string;
  readonly to?: string;
  /** Who acted: a partner and, when a person did, the case worker; absent for Beacon's own steps. */
  readonly by?: { readonly partnerId: string; readonly caseWorker?: CaseWorker };
  readonly at: string;
  readonly reasonCode?: string;
  readonly outcome?: { readonly result: string; readonly servicesProvided?: readonly string[] };
  readonly assignedFrom?: CaseWorker;
  readonly assignedTo?: CaseWorker;
  /** For an escalation: the deadline that passed. */
  readonly dueAt?: string;
}

export interface ReferralDetailView extends ReferralView {
  readonly history: readonly ReferralTransitionView[];
}

/** The referral as `partnerId`'s case workers see it. */
export function referralView(
  referral: StoredReferral,
  partnerId: string,
  deadlines: AcceptDeadlines,
): ReferralView {
  const dueAt =
    referral.status === 'created' || referral.status === 'delivered'
      ? acceptDueAt(deadlines, referral.urgency, referral.receivedAt)
      : undefined;
  return {
    referralId: referral.referralId,
    subjectId: referral.subjectId,
    direction: referral.receiver.partnerId === partnerId ? 'incoming' : 'outgoing',
    originator: referral.originator,
    receiver: referral.receiver,
    status: referral.status,
    urgency: referral.urgency,
    ...(referral.assignedWorker === undefined ? {} : { assignedWorker: referral.assignedWorker }),
    ...(referral.reasonCode === undefined ? {} : { reasonCode: referral.reasonCode }),
    ...(referral.closeResult === undefined
      ? {}
      : { outcome: { result: referral.closeResult, ...(referral.outcome ?? {}) } }),
    createdAt: referral.createdAt.toISOString(),
    receivedAt: referral.receivedAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
    ...(dueAt === undefined ? {} : { acceptBy: dueAt.toISOString() }),
    ...(referral.acceptEscalatedAt === undefined
      ? {}
      : { escalatedAt: referral.acceptEscalatedAt.toISOString() }),
    possibleDuplicate: referral.possibleDuplicate,
    possibleDuplicateOf: referral.possibleDuplicateOf,
  };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  ReferralCreated: 'created',
  ReferralDelivered: 'delivered',
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  ReferralStarted: 'started',
  ReferralClosed: 'closed',
  ReferralWithdrawn: 'withdrawn',
  ReferralReassigned: 'reassigned',
  ReferralEscalated: 'escalated',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One history row as the API shows it: who, when, from which status to which, and why; never a note. */
export function transitionView(entry: StoredHistoryEntry): ReferralTransitionView {
  const { event } = entry;
  const actor = isRecord(event.actor) ? event.actor : undefined;
  const outcome = isRecord(event.outcome) ? event.outcome : undefined;
  const reasonCode =
    typeof event.reasonCode === 'string'
      ? event.reasonCode
      : typeof outcome?.reasonCode === 'string'
        ? outcome.reasonCode
        : undefined;
  return {
    type: TYPE_NAMES[entry.eventType] ?? entry.eventType,
    ...(entry.fromStatus === undefined ? {} : { from: entry.fromStatus }),
    ...(entry.toStatus === undefined ? {} : { to: entry.toStatus }),
    ...(actor === undefined || typeof actor.partnerId !== 'string'
      ? {}
      : {
          by: {
            partnerId: actor.partnerId,
            ...(isRecord(actor.caseWorker) ? { caseWorker: actor.caseWorker as unknown as CaseWorker } : {}),
          },
        }),
    at: entry.occurredAt.toISOString(),
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(outcome === undefined || typeof outcome.result !== 'string'
      ? {}
      : {
          outcome: {
            result: outcome.result,
            ...(Array.isArray(outcome.servicesProvided)
              ? { servicesProvided: outcome.servicesProvided as string[] }
              : {}),
          },
        }),
    ...(isRecord(event.from) ? { assignedFrom: event.from as unknown as CaseWorker } : {}),
    ...(isRecord(event.to) ? { assignedTo: event.to as unknown as CaseWorker } : {}),
    ...(typeof event.dueAt === 'string' ? { dueAt: event.dueAt } : {}),
  };
}

/** The `x-beacon-subject-ids` header value: the distinct subject ids an answer concerns. */
export function subjectIdsHeader(subjectIds: readonly string[]): string {
  return [...new Set(subjectIds)].join(',');
}
