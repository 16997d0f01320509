import type {
  CaseWorker,
  NeedType,
  OrganisationRef,
  ReferralReasonCode,
  ReferralStatus,
  Urgency,
} from '@beacon/contracts';

/*
 * The referral lifecycle as a pure decider (after oskardudycz's
 * EventSourcing.NodeJS `samples/decider`): `decide(command, state)` says which
 * events a command produces, or throws a typed refusal; `evolve(state, event)`
 * gives the state after an event. No Nest, no database, no clock (times come
 * in with the command), so every transition and every refusal is tested alone.
 *
 *   created ─► delivered ─► accepted ─► in-progress ─► closed (successful | not successful)
 *                  │
 *                  └─► declined (reason)
 *   withdrawn by the originator from any open state; reassigned to another
 *   worker of the receiving partner while delivered, accepted or in progress.
 */

/** Who acts: a partner (from the verified token later) and, when a person acted, the case worker. */
export interface ReferralActor {
  readonly partnerId: string;
  readonly caseWorker?: CaseWorker;
}

/** The facts a referral keeps through its life, whatever its status. */
export interface ReferralFacts {
  readonly referralId: string;
  readonly subjectId: string;
  /** The referring partner: the only one who may withdraw. */
  readonly originator: OrganisationRef;
  /** The receiving partner: the only one who may accept, decline, start, close or reassign. */
  readonly receiver: OrganisationRef;
  /** The receiving partner's worker who holds the referral, once one is named. */
  readonly assignedWorker?: CaseWorker;
  readonly urgency: Urgency;
  /** When the originator created it (RFC 3339). */
  readonly createdAt: string;
}

/** How a closed referral ended for the person. */
export type CloseResult = 'successful' | 'not-successful';

/** What a closing worker reports; `reasonCode` must fit `result` (see {@link CLOSE_REASONS}). */
export interface ReferralOutcome {
  readonly result: CloseResult;
  readonly reasonCode: ReferralReasonCode;
  readonly servicesProvided?: readonly NeedType[];
  readonly onwardReferral?: string;
  readonly summary?: string;
}

/**
 * The reason codes each close result may carry. A successful close names
 * what was achieved, an unsuccessful one why it failed; a mix-up would tell
 * the originator the opposite of what happened, so the decider refuses it.
 */
export const CLOSE_REASONS: Readonly<Record<CloseResult, readonly ReferralReasonCode[]>> = {
  successful: ['services-completed', 'referred-elsewhere'],
  'not-successful': [
    'client-refused-services',
    'lack-of-capacity',
    'unable-to-contact-client',
    'not-eligible',
    'client-moved-away',
    'safety-concern',
    'duplicate',
    'other',
  ],
};

/** The statuses in which a referral is still open (and may be withdrawn). */
export const OPEN_STATUSES = ['created', 'delivered', 'accepted', 'in-progress'] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** A referral's state: nothing yet, or its facts with one status and what that status carries. */
export type ReferralState =
  | { readonly status: 'absent' }
  | (ReferralFacts & { readonly status: OpenStatus })
  | (ReferralFacts & { readonly status: 'declined'; readonly reasonCode: ReferralReasonCode })
  | (ReferralFacts & { readonly status: 'closed'; readonly outcome: ReferralOutcome })
  | (ReferralFacts & { readonly status: 'withdrawn'; readonly reasonCode: ReferralReasonCode });

/** The state before a referral's first event. */
export const INITIAL_REFERRAL_STATE: ReferralState = { status: 'absent' };

// ---- commands (imperative) ----

export interface CreateReferral {
  readonly type: 'CreateReferral';
  readonly facts: ReferralFacts;
  readonly at: string;
}
/** Beacon routed the referral to the receiving partner. */
export interface DeliverReferral {
  readonly type: 'DeliverReferral';
  readonly at: string;
}
export interface AcceptReferral {
  readonly type: 'AcceptReferral';
  readonly actor: ReferralActor;
  readonly at: string;
  readonly note?: string;
}
export interface DeclineReferral {
  readonly type: 'DeclineReferral';
  readonly actor: ReferralActor;
  readonly reasonCode: ReferralReasonCode;
  readonly at: string;
  readonly note?: string;
}
/** The receiving partner starts working with the person. */
export interface StartReferral {
  readonly type: 'StartReferral';
  readonly actor: ReferralActor;
  readonly at: string;
  readonly note?: string;
}
export interface CloseReferral {
  readonly type: 'CloseReferral';
  readonly actor: ReferralActor;
  readonly outcome: ReferralOutcome;
  readonly at: string;
  readonly note?: string;
}
export interface WithdrawReferral {
  readonly type: 'WithdrawReferral';
  readonly actor: ReferralActor;
  readonly reasonCode: ReferralReasonCode;
  readonly at: string;
  readonly note?: string;
}
export interface ReassignReferral {
  readonly type: 'ReassignReferral';
  readonly actor: ReferralActor;
  /** A worker of the receiving partner: the actor's partner vouches for it. */
  readonly worker: CaseWorker;
  readonly at: string;
  readonly note?: string;
}

export type ReferralCommand =
  | CreateReferral
  | DeliverReferral
  | AcceptReferral
  | DeclineReferral
  | StartReferral
  | CloseReferral
  | WithdrawReferral
  | ReassignReferral;

// ---- events (past tense) ----

interface EventBase {
  readonly referralId: string;
  readonly at: string;
}
export interface ReferralCreatedEvent extends EventBase {
  readonly type: 'ReferralCreated';
  readonly facts: ReferralFacts;
}
export interface ReferralDeliveredEvent extends EventBase {
  readonly type: 'ReferralDelivered';
}
export interface ReferralAcceptedEvent extends EventBase {
  readonly type: 'ReferralAccepted';
  readonly actor: ReferralActor;
  readonly note?: string;
}
export interface ReferralDeclinedEvent extends EventBase {
  readonly type: 'ReferralDeclined';
  readonly actor: ReferralActor;
  readonly reasonCode: ReferralReasonCode;
  readonly note?: string;
}
export interface ReferralStartedEvent extends EventBase {
  readonly type: 'ReferralStarted';
  readonly actor: ReferralActor;
  readonly note?: string;
}
export interface ReferralClosedEvent extends EventBase {
  readonly type: 'ReferralClosed';
  readonly actor: ReferralActor;
  readonly outcome: ReferralOutcome;
  readonly note?: string;
}
export interface ReferralWithdrawnEvent extends EventBase {
  readonly type: 'ReferralWithdrawn';
  readonly actor: ReferralActor;
  readonly reasonCode: ReferralReasonCode;
  readonly note?: string;
}
export interface ReferralReassignedEvent extends EventBase {
  readonly type: 'ReferralReassigned';
  readonly actor: ReferralActor;
  readonly from?: CaseWorker;
  readonly to: CaseWorker;
  readonly note?: string;
}

export type ReferralEvent =
  | ReferralCreatedEvent
  | ReferralDeliveredEvent
  | ReferralAcceptedEvent
  | ReferralDeclinedEvent
  | ReferralStartedEvent
  | ReferralClosedEvent
  | ReferralWithdrawnEvent
  | ReferralReassignedEvent;

// ---- refusals ----

/** The status a state reports: `absent` before creation. */
export type ReferralStateStatus = ReferralState['status'];

/** Why a command was refused; the HTTP layer maps each to its status code. */
export abstract class ReferralRefusal extends Error {
  abstract readonly code: 'invalid-transition' | 'actor-not-permitted' | 'invalid-outcome';
  protected constructor(
    message: string,
    readonly command: ReferralCommand['type'],
    /** The state the command met, unchanged. */
    readonly current: ReferralState,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not apply in the current status (HTTP 409). */
export class InvalidReferralTransitionError extends ReferralRefusal {
  readonly code = 'invalid-transition' as const;
  constructor(command: ReferralCommand['type'], current: ReferralState) {
    super(`${command} is not allowed while the referral is ${current.status}`, command, current);
  }
}

/** The actor's partner may not give this command (HTTP 403). */
export class ReferralActorNotPermittedError extends ReferralRefusal {
  readonly code = 'actor-not-permitted' as const;
  constructor(
    command: ReferralCommand['type'],
    current: ReferralState,
    readonly actorPartnerId: string,
    readonly requiredRole: 'originator' | 'receiver',
  ) {
    super(
      `${command} may only come from the referral's ${requiredRole}, not from partner ${actorPartnerId}`,
      command,
      current,
    );
  }
}

/** A close whose reason code does not fit its result (HTTP 400/422). */
export class InvalidReferralOutcomeError extends ReferralRefusal {
  readonly code = 'invalid-outcome' as const;
  constructor(
    current: ReferralState,
    readonly outcome: ReferralOutcome,
  ) {
    super(
      `a ${outcome.result} close cannot give the reason ${outcome.reasonCode}; use one of ${CLOSE_REASONS[outcome.result].join(', ')}`,
      'CloseReferral',
      current,
    );
  }
}

// ---- decide ----

type Existing = Exclude<ReferralState, { status: 'absent' }>;

function existing(command: ReferralCommand, state: ReferralState): Existing {
  if (state.status === 'absent') throw new InvalidReferralTransitionError(command.type, state);
  return state;
}

/** Status first, then actor: a late click on a closed referral is a conflict whoever sends it. */
function requireStatusAndParty(
  command: ReferralCommand & { actor: ReferralActor },
  state: ReferralState,
  statuses: readonly ReferralStateStatus[],
  role: 'originator' | 'receiver',
): Existing {
  const referral = existing(command, state);
  if (!statuses.includes(referral.status)) throw new InvalidReferralTransitionError(command.type, state);
  const party = role === 'originator' ? referral.originator : referral.receiver;
  if (command.actor.partnerId !== party.partnerId) {
    throw new ReferralActorNotPermittedError(command.type, state, command.actor.partnerId, role);
  }
  return referral;
}

/**
 * The events `command` produces in `state`. Throws a {@link ReferralRefusal}
 * when the command does not apply; it never changes anything silently.
 */
export function decide(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  switch (command.type) {
    case 'CreateReferral':
      if (state.status !== 'absent') throw new InvalidReferralTransitionError(command.type, state);
      return [
        {
          type: 'ReferralCreated',
          referralId: command.facts.referralId,
          at: command.at,
          facts: command.facts,
        },
      ];
    case 'DeliverReferral': {
      const referral = existing(command, state);
      if (referral.status !== 'created') throw new InvalidReferralTransitionError(command.type, state);
      return [{ type: 'ReferralDelivered', referralId: referral.referralId, at: command.at }];
    }
    case 'AcceptReferral': {
      const referral = requireStatusAndParty(command, state, ['delivered'], 'receiver');
      return [
        {
          type: 'ReferralAccepted',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          ...note(command),
        },
      ];
    }
    case 'DeclineReferral': {
      const referral = requireStatusAndParty(command, state, ['delivered'], 'receiver');
      return [
        {
          type: 'ReferralDeclined',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          reasonCode: command.reasonCode,
          ...note(command),
        },
      ];
    }
    case 'StartReferral': {
      const referral = requireStatusAndParty(command, state, ['accepted'], 'receiver');
      return [
        {
          type: 'ReferralStarted',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          ...note(command),
        },
      ];
    }
    case 'CloseReferral': {
      const referral = requireStatusAndParty(command, state, ['in-progress'], 'receiver');
      if (!CLOSE_REASONS[command.outcome.result].includes(command.outcome.reasonCode)) {
        throw new InvalidReferralOutcomeError(state, command.outcome);
      }
      return [
        {
          type: 'ReferralClosed',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          outcome: command.outcome,
          ...note(command),
        },
      ];
    }
    case 'WithdrawReferral': {
      const referral = requireStatusAndParty(command, state, OPEN_STATUSES, 'originator');
      return [
        {
          type: 'ReferralWithdrawn',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          reasonCode: command.reasonCode,
          ...note(command),
        },
      ];
    }
    case 'ReassignReferral': {
      const referral = requireStatusAndParty(
        command,
        state,
        ['delivered', 'accepted', 'in-progress'],
        'receiver',
      );
      // Handing a referral to the worker who already holds it would record a change that did not happen.
      if (referral.assignedWorker?.workerId === command.worker.workerId) {
        throw new InvalidReferralTransitionError(command.type, state);
      }
      return [
        {
          type: 'ReferralReassigned',
          referralId: referral.referralId,
          at: command.at,
          actor: command.actor,
          ...(referral.assignedWorker === undefined ? {} : { from: referral.assignedWorker }),
          to: command.worker,
          ...note(command),
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown referral command ${JSON.stringify(unknown)}`);
    }
  }
}

function note(command: { note?: string }): { note?: string } {
  return command.note === undefined ? {} : { note: command.note };
}

// ---- evolve ----

/** The state after `event`. Events are facts: evolve never refuses one that decide produced. */
export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  switch (event.type) {
    case 'ReferralCreated':
      return { ...event.facts, status: 'created' };
    case 'ReferralDelivered':
      return { ...facts(state, event), status: 'delivered' };
    case 'ReferralAccepted':
      return { ...facts(state, event), status: 'accepted' };
    case 'ReferralDeclined':
      return { ...facts(state, event), status: 'declined', reasonCode: event.reasonCode };
    case 'ReferralStarted':
      return { ...facts(state, event), status: 'in-progress' };
    case 'ReferralClosed':
      return { ...facts(state, event), status: 'closed', outcome: event.outcome };
    case 'ReferralWithdrawn':
      return { ...facts(state, event), status: 'withdrawn', reasonCode: event.reasonCode };
    case 'ReferralReassigned': {
      const current = existingFor(state, event);
      return { ...current, assignedWorker: event.to } as ReferralState;
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown referral event ${JSON.stringify(unknown)}`);
    }
  }
}

function existingFor(state: ReferralState, event: ReferralEvent): Existing {
  if (state.status === 'absent') throw new Error(`${event.type} cannot apply before ReferralCreated`);
  return state;
}

// Only the lasting facts: a status's own fields (a decline reason) do not outlive it.
function facts(state: ReferralState, event: ReferralEvent): ReferralFacts {
  const { referralId, subjectId, originator, receiver, assignedWorker, urgency, createdAt } = existingFor(
    state,
    event,
  );
  return {
    referralId,
    subjectId,
    originator,
    receiver,
    ...(assignedWorker === undefined ? {} : { assignedWorker }),
    urgency,
    createdAt,
  };
}

/** Folds events over a state: how a stored referral and a command's events give the state after it. */
export function evolveAll(state: ReferralState, events: readonly ReferralEvent[]): ReferralState {
  return events.reduce(evolve, state);
}

/** The status a lifecycle event leads to, or `undefined` for one that does not move the status. */
export function statusAfter(event: ReferralEvent): ReferralStatus | undefined {
  switch (event.type) {
    case 'ReferralCreated':
      return 'created';
    case 'ReferralDelivered':
      return 'delivered';
    case 'ReferralAccepted':
      return 'accepted';
    case 'ReferralDeclined':
      return 'declined';
    case 'ReferralStarted':
      return 'in-progress';
    case 'ReferralClosed':
      return 'closed';
    case 'ReferralWithdrawn':
      return 'withdrawn';
    case 'ReferralReassigned':
      return undefined;
    default: {
      const unknown: never = event;
      throw new Error(`unknown referral event ${JSON.stringify(unknown)}`);
    }
  }
}
