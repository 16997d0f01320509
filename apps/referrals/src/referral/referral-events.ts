import { createHash } from 'node:crypto';
import type {
  OrganisationRef,
  ReferralCreatedV1Data,
  ReferralEscalatedV1Data,
  ReferralStatus,
  ReferralStatusChangedV1Data,
} from '@beacon/contracts';
import type { TopicKind } from '@beacon/messaging';
import type { NewOutboxMessage } from '@beacon/persistence';
import {
  statusAfter,
  type ReferralActor,
  type ReferralEvent,
  type ReferralFacts,
  type ReferralState,
} from './domain/referral.decider';

/*
 * The mapping between the referral lifecycle and Beacon's events: the facts a
 * `referral.created` brings, and the `referral.status-changed` data and outbox
 * message each status change sends back to the canonical log. Pure: ids and
 * times are passed in.
 */

export const REFERRAL_CREATED_TYPE = 'org.beacon.referral.created.v1';
export const REFERRAL_STATUS_CHANGED_TYPE = 'org.beacon.referral.status-changed.v1';
export const REFERRAL_ESCALATED_TYPE = 'org.beacon.referral.escalated.v1';
/**
 * CloudEvents extensions naming the referral's parties on every status
 * change: v1 of the event names only the actor, and routing must send it
 * to both parties (redaction reads them as `knownParties`).
 */
export const ORIGINATOR_EXTENSION = 'referraloriginator';
export const RECEIVER_EXTENSION = 'referralreceiver';
/** The CloudEvents `source` of every event beacon-referrals produces. */
export const REFERRALS_SOURCE = 'urn:beacon:service:referrals';
/** Status changes go to the canonical log, where redaction routes them to both parties. */
const STATUS_CHANGED_TOPIC: TopicKind = 'events';

/**
 * A UUID in the one spelling Beacon stores and publishes: the subject id is
 * the record key, and two spellings of one subject would split its order.
 */
export function canonicalUuid(value: string): string {
  return value.toLowerCase();
}

/** The lasting facts of a referral, as its `referral.created` data states them. */
export function factsFromCreated(data: ReferralCreatedV1Data): ReferralFacts {
  return {
    referralId: canonicalUuid(data.referralId),
    subjectId: canonicalUuid(data.subject.subjectId),
    originator: data.from.organisation,
    receiver: data.to.organisation,
    ...(data.to.caseWorker === undefined ? {} : { assignedWorker: data.to.caseWorker }),
    urgency: data.urgency,
    createdAt: data.createdAt,
  };
}

/**
 * An event id derived from what caused it, as a version-4-shaped UUID: the
 * same cause always yields the same id, so a replayed input cannot put a
 * second copy of its consequence on the log under a new id.
 */
export function derivedEventId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// The organisation as the referral knows it (with name and sector), when the actor is one of its parties.
function organisationOf(actor: ReferralActor, state: ReferralFacts): OrganisationRef {
  if (actor.partnerId === state.receiver.partnerId) return state.receiver;
  if (actor.partnerId === state.originator.partnerId) return state.originator;
  return { partnerId: actor.partnerId };
}

function actorOf(actor: ReferralActor, state: ReferralFacts): ReferralStatusChangedV1Data['actor'] {
  return {
    organisation: organisationOf(actor, state),
    ...(actor.caseWorker === undefined ? {} : { caseWorker: actor.caseWorker }),
  };
}

/**
 * The `referral.status-changed` data announcing `event`, which moved the
 * referral from `before`; `undefined` for an event that announces no status
 * change (the creation, which the originator itself published, and a
 * reassignment, which keeps the status).
 */
export function statusChangedData(
  before: ReferralState,
  event: ReferralEvent,
): ReferralStatusChangedV1Data | undefined {
  const toStatus: ReferralStatus | undefined = statusAfter(event);
  if (before.status === 'absent' || toStatus === undefined) return undefined;
  const base = {
    referralId: before.referralId,
    subjectId: before.subjectId,
    changedAt: event.at,
    fromStatus: before.status,
    toStatus,
  };
  switch (event.type) {
    case 'ReferralCreated':
    case 'ReferralReassigned':
      return undefined;
    case 'ReferralDelivered':
      // Beacon routed it; the schema names an organisation, and the receiver is the one it reached.
      return { ...base, actor: { organisation: before.receiver } };
    case 'ReferralAccepted':
    case 'ReferralStarted':
      return { ...base, actor: actorOf(event.actor, before), ...note(event) };
    case 'ReferralDeclined':
    case 'ReferralWithdrawn':
      return { ...base, reasonCode: event.reasonCode, actor: actorOf(event.actor, before), ...note(event) };
    case 'ReferralClosed': {
      const { servicesProvided, onwardReferral, summary } = event.outcome;
      const outcome = {
        ...(servicesProvided === undefined ? {} : { servicesProvided: [...servicesProvided] }),
        ...(onwardReferral === undefined ? {} : { onwardReferral }),
        ...(summary === undefined ? {} : { summary }),
      };
      return {
        ...base,
        reasonCode: event.outcome.reasonCode,
        ...(Object.keys(outcome).length === 0 ? {} : { outcome }),
        actor: actorOf(event.actor, before),
        ...note(event),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown referral event ${JSON.stringify(unknown)}`);
    }
  }
}

function note(event: { note?: string }): { note?: string } {
  return event.note === undefined ? {} : { note: event.note };
}

/** What a status-changed event needs besides its data. */
export interface StatusChangedContext {
  readonly eventId: string;
  /** The `$id` of the data's schema, from the registry. */
  readonly dataschema: string;
  /** The event that caused the change (the `referral.created` for delivered). */
  readonly causationId?: string;
  readonly correlationId?: string;
  /** The referral's parties, carried as extensions so routing can reach both. */
  readonly parties?: { readonly originator: string; readonly receiver: string };
}

/** The outbox message carrying a status change, keyed by the subject so it stays in order with the referral. */
export function statusChangedMessage(
  data: ReferralStatusChangedV1Data,
  context: StatusChangedContext,
): NewOutboxMessage {
  const headers: Record<string, string> = {
    id: context.eventId,
    source: REFERRALS_SOURCE,
    type: REFERRAL_STATUS_CHANGED_TYPE,
    specversion: '1.0',
    time: data.changedAt,
    subject: data.subjectId,
    dataschema: context.dataschema,
    datacontenttype: 'application/json',
  };
  if (context.causationId !== undefined) headers.causationid = context.causationId;
  if (context.correlationId !== undefined) headers.correlationid = context.correlationId;
  if (context.parties !== undefined) {
    headers[ORIGINATOR_EXTENSION] = context.parties.originator;
    headers[RECEIVER_EXTENSION] = context.parties.receiver;
  }
  return {
    eventId: context.eventId,
    topicKind: STATUS_CHANGED_TOPIC,
    key: data.subjectId,
    type: REFERRAL_STATUS_CHANGED_TYPE,
    headers,
    payload: data,
  };
}

/** The parties of a referral, as status-changed events carry them. */
export function partiesOf(facts: Pick<ReferralFacts, 'originator' | 'receiver'>): {
  originator: string;
  receiver: string;
} {
  return { originator: facts.originator.partnerId, receiver: facts.receiver.partnerId };
}

/** Who at the receiving partner an escalation is for (see the schema's `notifyRoles`). */
export const ESCALATION_NOTIFY_ROLES: ReferralEscalatedV1Data['notifyRoles'] = ['supervisor', 'case-worker'];

/** The `referral.escalated` data for a referral whose accept deadline passed. */
export function escalatedData(
  referral: ReferralFacts & { readonly status: ReferralStatus },
  times: { readonly receivedAt: Date; readonly dueAt: Date; readonly escalatedAt: Date },
): ReferralEscalatedV1Data {
  return {
    referralId: referral.referralId,
    subjectId: referral.subjectId,
    deadline: 'accept',
    urgency: referral.urgency,
    status: referral.status,
    receivedAt: times.receivedAt.toISOString(),
    dueAt: times.dueAt.toISOString(),
    escalatedAt: times.escalatedAt.toISOString(),
    referringOrganisation: referral.originator,
    receivingOrganisation: referral.receiver,
    ...(referral.assignedWorker === undefined ? {} : { assignedWorker: referral.assignedWorker }),
    notifyRoles: [...ESCALATION_NOTIFY_ROLES],
  };
}

/**
 * The outbox message announcing an escalation. Its id is derived from the
 * referral and the deadline, so one referral and deadline can only ever be
 * announced under one id.
 */
export function escalatedMessage(data: ReferralEscalatedV1Data, dataschema: string): NewOutboxMessage {
  const eventId = derivedEventId(data.referralId, REFERRAL_ESCALATED_TYPE, data.deadline);
  return {
    eventId,
    topicKind: STATUS_CHANGED_TOPIC,
    key: data.subjectId,
    type: REFERRAL_ESCALATED_TYPE,
    headers: {
      id: eventId,
      source: REFERRALS_SOURCE,
      type: REFERRAL_ESCALATED_TYPE,
      specversion: '1.0',
      time: data.escalatedAt,
      subject: data.subjectId,
      dataschema,
      datacontenttype: 'application/json',
    },
    payload: data,
  };
}
