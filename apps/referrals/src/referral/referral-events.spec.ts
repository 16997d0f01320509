import { cloudEventFromOutbox } from '@beacon/platform/nest';
import { loadExamples, SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  decide,
  evolveAll,
  INITIAL_REFERRAL_STATE,
  type ReferralActor,
  type ReferralCommand,
  type ReferralState,
} from './domain/referral.decider';
import {
  derivedEventId,
  factsFromCreated,
  REFERRAL_CREATED_TYPE,
  REFERRAL_STATUS_CHANGED_TYPE,
  REFERRALS_SOURCE,
  statusChangedData,
  statusChangedMessage,
} from './referral-events';

const registry = SchemaRegistry.load();
const CREATED = loadExamples().find(
  (e) => e.type === REFERRAL_CREATED_TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
)?.payload as ReferralCreatedV1Data;
const AT = '2025-03-15T10:30:00.000Z';
const RECEIVER: ReferralActor = {
  partnerId: 'safe-harbour',
  caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah', role: 'Modern Slavery Navigator' },
};
const ORIGINATOR: ReferralActor = { partnerId: 'metro-police' };

/** Runs commands from nothing and returns the status-changed data of the last one. */
function announce(...commands: ReferralCommand[]) {
  let state: ReferralState = INITIAL_REFERRAL_STATE;
  let last: ReturnType<typeof statusChangedData>;
  for (const command of commands) {
    const events = decide(command, state);
    for (const event of events) {
      last = statusChangedData(state, event);
      state = evolveAll(state, [event]);
    }
  }
  return last;
}

const create: ReferralCommand = { type: 'CreateReferral', facts: factsFromCreated(CREATED), at: AT };
const deliver: ReferralCommand = { type: 'DeliverReferral', at: AT };
const accept: ReferralCommand = { type: 'AcceptReferral', actor: RECEIVER, at: AT, note: 'Bed from 17:00.' };
const start: ReferralCommand = { type: 'StartReferral', actor: RECEIVER, at: AT };

describe('referral status-changed events', () => {
  it('given the created example, when the referral is delivered, then the event is valid under its schema and names the receiver', () => {
    // when
    const data = announce(create, deliver);
    // then
    expect(registry.validate(REFERRAL_STATUS_CHANGED_TYPE, data)).toEqual({ ok: true });
    expect(data).toEqual({
      referralId: CREATED.referralId,
      subjectId: CREATED.subject.subjectId,
      changedAt: AT,
      fromStatus: 'created',
      toStatus: 'delivered',
      actor: { organisation: CREATED.to.organisation },
    });
  });

  it.each<[string, ReferralCommand[]]>([
    ['accepted', [create, deliver, accept]],
    [
      'declined',
      [create, deliver, { type: 'DeclineReferral', actor: RECEIVER, reasonCode: 'lack-of-capacity', at: AT }],
    ],
    ['in-progress', [create, deliver, accept, start]],
    [
      'closed',
      [
        create,
        deliver,
        accept,
        start,
        {
          type: 'CloseReferral',
          actor: RECEIVER,
          outcome: {
            result: 'successful',
            reasonCode: 'services-completed',
            servicesProvided: ['shelter', 'legal'],
            summary: 'Housed; legal advice given.',
          },
          at: AT,
        },
      ],
    ],
    [
      'withdrawn',
      [create, deliver, { type: 'WithdrawReferral', actor: ORIGINATOR, reasonCode: 'sent-in-error', at: AT }],
    ],
  ])(
    'given a referral, when it becomes %s, then its event is valid under the schema',
    (toStatus, commands) => {
      const data = announce(...commands);
      expect(registry.validate(REFERRAL_STATUS_CHANGED_TYPE, data)).toEqual({ ok: true });
      expect(data?.toStatus).toBe(toStatus);
    },
  );

  it('given a reassignment, then no status-changed event is announced', () => {
    const data = announce(create, deliver, {
      type: 'ReassignReferral',
      actor: RECEIVER,
      worker: { workerId: 'sh-nav-07', name: 'Ana Ruiz' },
      at: AT,
    });
    expect(data).toBeUndefined();
  });

  it('given a status change, then its outbox message is keyed by the subject and becomes the right CloudEvent', () => {
    // given
    const data = announce(create, deliver);
    if (data === undefined) throw new Error('delivered was not announced');
    const eventId = derivedEventId('created-event-id', 'delivered');
    // when
    const message = statusChangedMessage(data, {
      eventId,
      dataschema: registry.dataschemaFor(REFERRAL_STATUS_CHANGED_TYPE),
      causationId: 'created-event-id',
      correlationId: 'corr-1',
    });
    const event = cloudEventFromOutbox({ ...message, id: '1', createdAt: new Date() });
    // then
    expect(message.key).toBe(CREATED.subject.subjectId);
    expect(event).toEqual({
      id: eventId,
      source: REFERRALS_SOURCE,
      type: REFERRAL_STATUS_CHANGED_TYPE,
      specversion: '1.0',
      time: AT,
      subject: CREATED.subject.subjectId,
      dataschema: 'https://schemas.beacon.example/org.beacon.referral.status-changed.v1.json',
      datacontenttype: 'application/json',
      causationid: 'created-event-id',
      correlationid: 'corr-1',
      data,
    });
  });

  it('derives one stable UUID per cause', () => {
    expect(derivedEventId('a', 'delivered')).toBe(derivedEventId('a', 'delivered'));
    expect(derivedEventId('a', 'delivered')).not.toBe(derivedEventId('b', 'delivered'));
    expect(derivedEventId('a', 'delivered')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
