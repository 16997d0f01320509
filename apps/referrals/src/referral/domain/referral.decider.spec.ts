import {
  decide,
  evolve,
  evolveAll,
  INITIAL_REFERRAL_STATE,
  InvalidReferralOutcomeError,
  InvalidReferralTransitionError,
  ReferralActorNotPermittedError,
  statusAfter,
  type ReferralActor,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralFacts,
  type ReferralState,
  type ReferralStateStatus,
} from './referral.decider';

const AT = '2025-03-15T10:30:00.000Z';
const FACTS: ReferralFacts = {
  referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
  subjectId: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
  originator: { partnerId: 'metro-police', name: 'Metro Police', sector: 'law-enforcement' },
  receiver: { partnerId: 'safe-harbour', name: 'Safe Harbour Shelter', sector: 'ngo' },
  urgency: 'priority',
  createdAt: '2025-03-15T10:20:00Z',
};
const RECEIVER: ReferralActor = {
  partnerId: 'safe-harbour',
  caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
};
const ORIGINATOR: ReferralActor = {
  partnerId: 'metro-police',
  caseWorker: { workerId: 'MP-40317', name: 'DC Grace Okafor' },
};
const STRANGER: ReferralActor = { partnerId: 'st-mary-hospital' };
const OTHER_WORKER = { workerId: 'sh-nav-07', name: 'Ana Ruiz' };

/** Given: the state reached by these events from the start. */
function given(...events: ReferralEvent[]): ReferralState {
  return evolveAll(INITIAL_REFERRAL_STATE, events);
}

const id = FACTS.referralId;
const created: ReferralEvent = { type: 'ReferralCreated', referralId: id, at: AT, facts: FACTS };
const delivered: ReferralEvent = { type: 'ReferralDelivered', referralId: id, at: AT };
const accepted: ReferralEvent = { type: 'ReferralAccepted', referralId: id, at: AT, actor: RECEIVER };
const declined: ReferralEvent = {
  type: 'ReferralDeclined',
  referralId: id,
  at: AT,
  actor: RECEIVER,
  reasonCode: 'lack-of-capacity',
};
const started: ReferralEvent = { type: 'ReferralStarted', referralId: id, at: AT, actor: RECEIVER };
const closed: ReferralEvent = {
  type: 'ReferralClosed',
  referralId: id,
  at: AT,
  actor: RECEIVER,
  outcome: { result: 'successful', reasonCode: 'services-completed' },
};
const withdrawn: ReferralEvent = {
  type: 'ReferralWithdrawn',
  referralId: id,
  at: AT,
  actor: ORIGINATOR,
  reasonCode: 'sent-in-error',
};

/** One history per status, so refusals can be checked in every status. */
const HISTORIES: Record<ReferralStateStatus, ReferralEvent[]> = {
  absent: [],
  created: [created],
  delivered: [created, delivered],
  accepted: [created, delivered, accepted],
  declined: [created, delivered, declined],
  'in-progress': [created, delivered, accepted, started],
  closed: [created, delivered, accepted, started, closed],
  withdrawn: [created, withdrawn],
};
const ALL_STATUSES = Object.keys(HISTORIES) as ReferralStateStatus[];

const commands = {
  create: (): ReferralCommand => ({ type: 'CreateReferral', facts: FACTS, at: AT }),
  deliver: (): ReferralCommand => ({ type: 'DeliverReferral', at: AT }),
  accept: (actor = RECEIVER): ReferralCommand => ({
    type: 'AcceptReferral',
    actor,
    at: AT,
    note: 'bed free',
  }),
  decline: (actor = RECEIVER): ReferralCommand => ({
    type: 'DeclineReferral',
    actor,
    reasonCode: 'lack-of-capacity',
    at: AT,
  }),
  start: (actor = RECEIVER): ReferralCommand => ({ type: 'StartReferral', actor, at: AT }),
  close: (actor = RECEIVER): ReferralCommand => ({
    type: 'CloseReferral',
    actor,
    outcome: { result: 'not-successful', reasonCode: 'unable-to-contact-client', summary: 'No answer' },
    at: AT,
  }),
  withdraw: (actor = ORIGINATOR): ReferralCommand => ({
    type: 'WithdrawReferral',
    actor,
    reasonCode: 'referred-elsewhere',
    at: AT,
  }),
  reassign: (actor = RECEIVER): ReferralCommand => ({
    type: 'ReassignReferral',
    actor,
    worker: OTHER_WORKER,
    at: AT,
  }),
};

/** Where each command applies; every other status must refuse it as a conflict. */
const ALLOWED: Record<keyof typeof commands, ReferralStateStatus[]> = {
  create: ['absent'],
  deliver: ['created'],
  accept: ['delivered'],
  decline: ['delivered'],
  start: ['accepted'],
  close: ['in-progress'],
  withdraw: ['created', 'delivered', 'accepted', 'in-progress'],
  reassign: ['delivered', 'accepted', 'in-progress'],
};

describe('the referral decider', () => {
  describe('transitions', () => {
    it('given no referral, when it is created, then ReferralCreated and the state is created', () => {
      // given
      const state = given();
      // when
      const events = decide(commands.create(), state);
      // then
      expect(events).toEqual([created]);
      expect(evolveAll(state, events)).toEqual({ ...FACTS, status: 'created' });
    });

    it('given a created referral, when Beacon delivers it, then it is delivered', () => {
      const state = given(created);
      const events = decide(commands.deliver(), state);
      expect(events).toEqual([delivered]);
      expect(evolveAll(state, events)).toEqual({ ...FACTS, status: 'delivered' });
    });

    it('given a delivered referral, when the receiver accepts it, then it is accepted with the note', () => {
      const state = given(created, delivered);
      const events = decide(commands.accept(), state);
      expect(events).toEqual([{ ...accepted, note: 'bed free' }]);
      expect(evolveAll(state, events).status).toBe('accepted');
    });

    it('given a delivered referral, when the receiver declines it, then it is declined with the reason', () => {
      const state = given(created, delivered);
      const events = decide(commands.decline(), state);
      expect(events).toEqual([declined]);
      expect(evolveAll(state, events)).toEqual({
        ...FACTS,
        status: 'declined',
        reasonCode: 'lack-of-capacity',
      });
    });

    it('given an accepted referral, when the receiver starts work, then it is in progress', () => {
      const state = given(created, delivered, accepted);
      const events = decide(commands.start(), state);
      expect(events).toEqual([started]);
      expect(evolveAll(state, events).status).toBe('in-progress');
    });

    it('given a referral in progress, when the receiver closes it unsuccessfully, then it is closed with the outcome', () => {
      const state = given(created, delivered, accepted, started);
      const events = decide(commands.close(), state);
      const outcome = {
        result: 'not-successful',
        reasonCode: 'unable-to-contact-client',
        summary: 'No answer',
      };
      expect(events).toEqual([{ type: 'ReferralClosed', referralId: id, at: AT, actor: RECEIVER, outcome }]);
      expect(evolveAll(state, events)).toEqual({ ...FACTS, status: 'closed', outcome });
    });

    it('given a referral in progress, when the receiver closes it successfully, then it is closed', () => {
      const state = given(created, delivered, accepted, started);
      const command: ReferralCommand = {
        type: 'CloseReferral',
        actor: RECEIVER,
        outcome: { result: 'successful', reasonCode: 'services-completed', servicesProvided: ['shelter'] },
        at: AT,
      };
      expect(evolveAll(state, decide(command, state))).toMatchObject({
        status: 'closed',
        outcome: { result: 'successful', reasonCode: 'services-completed' },
      });
    });

    it.each(['created', 'delivered', 'accepted', 'in-progress'] as const)(
      'given a %s referral, when the originator withdraws it, then it is withdrawn with the reason',
      (status) => {
        const state = given(...HISTORIES[status]);
        const events = decide(commands.withdraw(), state);
        expect(events).toEqual([
          {
            type: 'ReferralWithdrawn',
            referralId: id,
            at: AT,
            actor: ORIGINATOR,
            reasonCode: 'referred-elsewhere',
          },
        ]);
        expect(evolveAll(state, events)).toMatchObject({
          status: 'withdrawn',
          reasonCode: 'referred-elsewhere',
        });
      },
    );

    it.each(['delivered', 'accepted', 'in-progress'] as const)(
      'given a %s referral, when the receiver reassigns it, then the new worker holds it and the status stays',
      (status) => {
        const state = given(...HISTORIES[status]);
        const events = decide(commands.reassign(), state);
        expect(events).toEqual([
          { type: 'ReferralReassigned', referralId: id, at: AT, actor: RECEIVER, to: OTHER_WORKER },
        ]);
        expect(evolveAll(state, events)).toMatchObject({ status, assignedWorker: OTHER_WORKER });
      },
    );

    it('given a referral held by a worker, when it is reassigned, then the event names the worker it came from', () => {
      const state = given(created, delivered, {
        type: 'ReferralReassigned',
        referralId: id,
        at: AT,
        actor: RECEIVER,
        to: OTHER_WORKER,
      });
      const command: ReferralCommand = {
        type: 'ReassignReferral',
        actor: RECEIVER,
        worker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
        at: AT,
      };
      expect(decide(command, state)).toEqual([
        expect.objectContaining({ from: OTHER_WORKER, to: command.worker }),
      ]);
    });
  });

  describe('refusals for the wrong status (409)', () => {
    const cases = (Object.keys(commands) as (keyof typeof commands)[]).flatMap((name) =>
      ALL_STATUSES.filter((status) => !ALLOWED[name].includes(status)).map(
        (status) => [name, status] as const,
      ),
    );

    it.each(cases)(
      'given the referral is in the wrong status, when %s while %s, then it is refused carrying the state',
      (name, status) => {
        // given
        const state = given(...HISTORIES[status]);
        // when
        const attempt = () => decide(commands[name](), state);
        // then
        expect(attempt).toThrow(InvalidReferralTransitionError);
        try {
          attempt();
        } catch (error) {
          expect(error).toMatchObject({ code: 'invalid-transition', current: state });
          expect((error as InvalidReferralTransitionError).current.status).toBe(status);
        }
      },
    );

    it('given a referral held by a worker, when it is reassigned to that same worker, then it is refused', () => {
      const state = given(created, delivered, {
        type: 'ReferralReassigned',
        referralId: id,
        at: AT,
        actor: RECEIVER,
        to: OTHER_WORKER,
      });
      expect(() => decide(commands.reassign(), state)).toThrow(InvalidReferralTransitionError);
    });
  });

  describe('refusals for the wrong partner (403)', () => {
    const receiverOnly = ['accept', 'decline', 'start', 'close', 'reassign'] as const;

    it.each(
      receiverOnly.flatMap((name) => [
        [name, 'originator', ORIGINATOR] as const,
        [name, 'stranger', STRANGER] as const,
      ]),
    )(
      'given the right status, when %s comes from the %s, then it is refused and nothing changes',
      (name, _who, actor) => {
        // given
        const state = given(...HISTORIES[ALLOWED[name][0]]);
        // when / then
        expect(() => decide(commands[name](actor), state)).toThrow(ReferralActorNotPermittedError);
        expect(() => decide(commands[name](actor), state)).toThrow(/only come from the referral's receiver/);
      },
    );

    it.each([
      ['receiver', RECEIVER],
      ['stranger', STRANGER],
    ] as const)(
      'given an open referral, when the %s tries to withdraw it, then it is refused',
      (_who, actor) => {
        const state = given(created, delivered);
        try {
          decide(commands.withdraw(actor), state);
          throw new Error('withdraw was not refused');
        } catch (error) {
          expect(error).toBeInstanceOf(ReferralActorNotPermittedError);
          expect(error).toMatchObject({
            requiredRole: 'originator',
            actorPartnerId: actor.partnerId,
            current: state,
          });
        }
      },
    );
  });

  describe('refusals for an outcome that contradicts itself', () => {
    it.each([
      ['successful', 'lack-of-capacity'],
      ['not-successful', 'services-completed'],
    ] as const)(
      'given a referral in progress, when closed %s with %s, then it is refused',
      (result, reasonCode) => {
        const state = given(created, delivered, accepted, started);
        const command: ReferralCommand = {
          type: 'CloseReferral',
          actor: RECEIVER,
          outcome: { result, reasonCode },
          at: AT,
        };
        expect(() => decide(command, state)).toThrow(InvalidReferralOutcomeError);
      },
    );
  });

  describe('evolve and statusAfter', () => {
    it('given no referral, when a later event is applied, then evolve refuses to invent one', () => {
      expect(() => evolve(INITIAL_REFERRAL_STATE, delivered)).toThrow(/before ReferralCreated/);
    });

    it('maps every status-moving event to its status, and a reassignment to none', () => {
      expect([created, delivered, accepted, declined, started, closed, withdrawn].map(statusAfter)).toEqual([
        'created',
        'delivered',
        'accepted',
        'declined',
        'in-progress',
        'closed',
        'withdrawn',
      ]);
      expect(
        statusAfter({
          type: 'ReferralReassigned',
          referralId: id,
          at: AT,
          actor: RECEIVER,
          to: OTHER_WORKER,
        }),
      ).toBeUndefined();
    });
  });
});
