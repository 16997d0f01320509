import { loadExamples, SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import type { CloudEvent } from '@beacon/messaging';
import type { NewOutboxMessage } from '@beacon/persistence';
import {
  InvalidReferralTransitionError,
  ReferralActorNotPermittedError,
  type ReferralActor,
  type ReferralState,
} from '../domain/referral.decider';
import { parseAcceptDeadlines, type AcceptDeadlines } from '../domain/accept-deadlines';
import type {
  OverdueReferral,
  ReceivedReferral,
  ReceiveOutcome,
  RecordedEvent,
  ReferralChange,
  ReferralEscalation,
  ReferralStore,
} from '../ports/referral-store.port';
import {
  REFERRAL_CREATED_TYPE,
  REFERRAL_ESCALATED_TYPE,
  REFERRAL_STATUS_CHANGED_TYPE,
} from '../referral-events';
import { AcceptReferralCommand } from './accept-referral/accept-referral.command';
import { AcceptReferralHandler } from './accept-referral/accept-referral.handler';
import { ReferralNotFoundError } from './change-referral';
import { CloseReferralCommand } from './close-referral/close-referral.command';
import { CloseReferralHandler } from './close-referral/close-referral.handler';
import { DeclineReferralCommand } from './decline-referral/decline-referral.command';
import { DeclineReferralHandler } from './decline-referral/decline-referral.handler';
import { EscalateOverdueReferralsCommand } from './escalate-overdue-referrals/escalate-overdue-referrals.command';
import { EscalateOverdueReferralsHandler } from './escalate-overdue-referrals/escalate-overdue-referrals.handler';
import { ReassignReferralCommand } from './reassign-referral/reassign-referral.command';
import { ReassignReferralHandler } from './reassign-referral/reassign-referral.handler';
import { ReceiveReferralCommand } from './receive-referral/receive-referral.command';
import { ReceiveReferralHandler } from './receive-referral/receive-referral.handler';
import { StartReferralCommand } from './start-referral/start-referral.command';
import { StartReferralHandler } from './start-referral/start-referral.handler';
import { WithdrawReferralCommand } from './withdraw-referral/withdraw-referral.command';
import { WithdrawReferralHandler } from './withdraw-referral/withdraw-referral.handler';

type Existing = Exclude<ReferralState, { status: 'absent' }>;

/** The store's contract in memory: one "transaction" per call, nothing written when a plan throws. */
class InMemoryReferralStore implements ReferralStore {
  readonly referrals = new Map<string, Existing & { possibleDuplicate: boolean; sourceEventId: string }>();
  readonly history: RecordedEvent[] = [];
  readonly escalations: ReferralEscalation['historyEvent'][] = [];
  readonly outbox: NewOutboxMessage[] = [];
  /** When each referral was received, and whether it was escalated. */
  readonly received = new Map<string, { at: Date; escalated: boolean }>();
  /** The clock received referrals are stamped with and deadlines are checked against. */
  now = new Date('2025-03-15T10:21:00Z');

  async recordReceived(received: ReceivedReferral): Promise<ReceiveOutcome> {
    const known = [...this.referrals.values()].some(
      (r) => r.sourceEventId === received.sourceEventId || r.referralId === received.state.referralId,
    );
    if (known) return { kind: 'already-recorded' };
    const others = [...this.referrals.values()].filter(
      (r) =>
        r.subjectId === received.state.subjectId &&
        r.receiver.partnerId === received.state.receiver.partnerId &&
        ['created', 'delivered', 'accepted', 'in-progress'].includes(r.status),
    );
    for (const other of others) other.possibleDuplicate = true;
    this.referrals.set(received.state.referralId, {
      ...received.state,
      possibleDuplicate: others.length > 0,
      sourceEventId: received.sourceEventId,
    });
    this.history.push(...received.history);
    this.outbox.push(...received.outbox);
    this.received.set(received.state.referralId, { at: this.now, escalated: false });
    return { kind: 'recorded', possibleDuplicateOf: others.map((o) => o.referralId) };
  }

  async escalateNextOverdue(
    deadlines: AcceptDeadlines,
    plan: (overdue: OverdueReferral) => ReferralEscalation,
  ): Promise<string | undefined> {
    for (const referral of this.referrals.values()) {
      const received = this.received.get(referral.referralId);
      const seconds = deadlines[referral.urgency];
      if (received === undefined || received.escalated || referral.status !== 'delivered') continue;
      if (seconds === undefined || received.at.getTime() + seconds * 1000 > this.now.getTime()) continue;
      const { historyEvent, outbox } = plan({ state: referral, receivedAt: received.at });
      received.escalated = true;
      this.escalations.push(historyEvent);
      this.outbox.push(...outbox);
      return referral.referralId;
    }
    return undefined;
  }

  async change<R>(
    referralId: string,
    plan: (state: Existing) => { change: ReferralChange; result: R },
  ): Promise<R | undefined> {
    const row = this.referrals.get(referralId);
    if (row === undefined) return undefined;
    const { change, result } = plan(row);
    this.referrals.set(referralId, {
      ...change.next,
      possibleDuplicate: row.possibleDuplicate,
      sourceEventId: row.sourceEventId,
    });
    this.history.push(...change.history);
    this.outbox.push(...change.outbox);
    return result;
  }
}

const registry = SchemaRegistry.load();
const EXAMPLE = loadExamples().find(
  (e) => e.type === REFERRAL_CREATED_TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
)?.payload as ReferralCreatedV1Data;
const REFERRAL_ID = EXAMPLE.referralId;
const SUBJECT_ID = EXAMPLE.subject.subjectId;
const RECEIVER: ReferralActor = {
  partnerId: 'safe-harbour',
  caseWorker: { workerId: 'sh-nav-12', name: 'Kwame' },
};
const ORIGINATOR: ReferralActor = { partnerId: 'metro-police' };

function createdEvent(id: string, data: ReferralCreatedV1Data = EXAMPLE): CloudEvent {
  return {
    id,
    source: 'urn:beacon:partner:metro-police',
    type: REFERRAL_CREATED_TYPE,
    specversion: '1.0',
    time: '2025-03-15T10:20:01Z',
    subject: data.subject.subjectId,
    datacontenttype: 'application/json',
    data,
  };
}

function handlers(store: ReferralStore) {
  return {
    receive: new ReceiveReferralHandler(store, registry),
    accept: new AcceptReferralHandler(store, registry),
    decline: new DeclineReferralHandler(store, registry),
    start: new StartReferralHandler(store, registry),
    close: new CloseReferralHandler(store, registry),
    withdraw: new WithdrawReferralHandler(store, registry),
    reassign: new ReassignReferralHandler(store, registry),
  };
}

function expectValidStatusChanges(store: InMemoryReferralStore): void {
  for (const message of store.outbox.filter((m) => m.type !== REFERRAL_ESCALATED_TYPE)) {
    expect(message.type).toBe(REFERRAL_STATUS_CHANGED_TYPE);
    expect(message.key).toBe(SUBJECT_ID);
    expect(registry.validate(REFERRAL_STATUS_CHANGED_TYPE, message.payload)).toEqual({ ok: true });
  }
}

describe('referral command handlers', () => {
  it('given a referral.created, when received, then it is stored delivered with one delivered event caused by it', async () => {
    // given
    const store = new InMemoryReferralStore();
    const { receive } = handlers(store);
    const eventId = '11111111-1111-4111-8111-111111111111';
    // when
    const result = await receive.execute(new ReceiveReferralCommand(createdEvent(eventId)));
    // then
    expect(result).toMatchObject({ kind: 'delivered', referralId: REFERRAL_ID, possibleDuplicateOf: [] });
    expect(store.referrals.get(REFERRAL_ID)?.status).toBe('delivered');
    expect(store.history.map((h) => h.event.type)).toEqual(['ReferralCreated', 'ReferralDelivered']);
    expect(store.outbox).toHaveLength(1);
    expect(store.outbox[0].headers).toMatchObject({
      source: 'urn:beacon:service:referrals',
      subject: SUBJECT_ID,
      causationid: eventId,
    });
    expect(store.outbox[0].payload).toMatchObject({ fromStatus: 'created', toStatus: 'delivered' });
    expectValidStatusChanges(store);
  });

  it('given the same referral.created twice, then the second is a no-op', async () => {
    const store = new InMemoryReferralStore();
    const { receive } = handlers(store);
    const event = createdEvent('11111111-1111-4111-8111-111111111111');
    await receive.execute(new ReceiveReferralCommand(event));
    await expect(receive.execute(new ReceiveReferralCommand(event))).resolves.toEqual({
      kind: 'already-received',
      referralId: REFERRAL_ID,
    });
    expect(store.outbox).toHaveLength(1);
  });

  it('given data that is not a valid referral, then it is reported invalid and nothing is stored', async () => {
    const store = new InMemoryReferralStore();
    const result = await handlers(store).receive.execute(
      new ReceiveReferralCommand({
        ...createdEvent('11111111-1111-4111-8111-111111111111'),
        data: { referralId: 'x' },
      }),
    );
    expect(result.kind).toBe('invalid');
    expect(store.referrals.size).toBe(0);
  });

  it('given a delivered referral, when the receiver accepts, starts and closes it, then each step is stored and announced', async () => {
    // given
    const store = new InMemoryReferralStore();
    const h = handlers(store);
    await h.receive.execute(new ReceiveReferralCommand(createdEvent('11111111-1111-4111-8111-111111111111')));
    // when
    await expect(
      h.accept.execute(new AcceptReferralCommand(REFERRAL_ID, RECEIVER, 'Bed at 17:00')),
    ).resolves.toMatchObject({ referralId: REFERRAL_ID, status: 'accepted' });
    await h.reassign.execute(
      new ReassignReferralCommand(REFERRAL_ID, RECEIVER, { workerId: 'sh-7', name: 'Ana' }),
    );
    await h.start.execute(new StartReferralCommand(REFERRAL_ID, RECEIVER));
    const closed = await h.close.execute(
      new CloseReferralCommand(REFERRAL_ID, RECEIVER, {
        result: 'not-successful',
        reasonCode: 'client-refused-services',
        summary: 'Chose to stay with family.',
      }),
    );
    // then
    expect(closed.status).toBe('closed');
    expect(store.referrals.get(REFERRAL_ID)).toMatchObject({
      status: 'closed',
      assignedWorker: { workerId: 'sh-7' },
      outcome: { result: 'not-successful', reasonCode: 'client-refused-services' },
    });
    expect(store.outbox.map((m) => (m.payload as { toStatus: string }).toStatus)).toEqual([
      'delivered',
      'accepted',
      'in-progress',
      'closed',
    ]);
    expectValidStatusChanges(store);
  });

  it('given a delivered referral, when the receiver declines it, then it is declined with the reason', async () => {
    const store = new InMemoryReferralStore();
    const h = handlers(store);
    await h.receive.execute(new ReceiveReferralCommand(createdEvent('11111111-1111-4111-8111-111111111111')));
    await h.decline.execute(new DeclineReferralCommand(REFERRAL_ID, RECEIVER, 'lack-of-capacity'));
    expect(store.referrals.get(REFERRAL_ID)).toMatchObject({
      status: 'declined',
      reasonCode: 'lack-of-capacity',
    });
    expectValidStatusChanges(store);
  });

  it('given a delivered referral, when the originator tries to accept it, then it is refused and nothing is written', async () => {
    const store = new InMemoryReferralStore();
    const h = handlers(store);
    await h.receive.execute(new ReceiveReferralCommand(createdEvent('11111111-1111-4111-8111-111111111111')));
    await expect(h.accept.execute(new AcceptReferralCommand(REFERRAL_ID, ORIGINATOR))).rejects.toThrow(
      ReferralActorNotPermittedError,
    );
    expect(store.referrals.get(REFERRAL_ID)?.status).toBe('delivered');
    expect(store.outbox).toHaveLength(1);
  });

  it('given a withdrawn referral, when the receiver accepts it, then the conflict carries the current state', async () => {
    const store = new InMemoryReferralStore();
    const h = handlers(store);
    await h.receive.execute(new ReceiveReferralCommand(createdEvent('11111111-1111-4111-8111-111111111111')));
    await h.withdraw.execute(new WithdrawReferralCommand(REFERRAL_ID, ORIGINATOR, 'sent-in-error'));
    const refusal = h.accept.execute(new AcceptReferralCommand(REFERRAL_ID, RECEIVER));
    await expect(refusal).rejects.toThrow(InvalidReferralTransitionError);
    await expect(refusal).rejects.toMatchObject({ current: { status: 'withdrawn' } });
  });

  it('given no such referral, then the command is refused as not found', async () => {
    const { accept } = handlers(new InMemoryReferralStore());
    await expect(accept.execute(new AcceptReferralCommand(REFERRAL_ID, RECEIVER))).rejects.toThrow(
      ReferralNotFoundError,
    );
  });

  it('given a delivered referral, when a partner that is no party to it tries to accept it, then it is not found and nothing is written', async () => {
    // given
    const store = new InMemoryReferralStore();
    const { receive, accept } = handlers(store);
    await receive.execute(new ReceiveReferralCommand(createdEvent('5d1c3a52-8f0e-4b6a-9d27-1e4f6a8b2c90')));
    const outboxBefore = store.outbox.length;

    // when / then
    await expect(
      accept.execute(new AcceptReferralCommand(REFERRAL_ID, { partnerId: 'northside-school' })),
    ).rejects.toBeInstanceOf(ReferralNotFoundError);
    expect(store.outbox).toHaveLength(outboxBefore);
    expect(store.referrals.get(REFERRAL_ID)?.status).toBe('delivered');
  });

  it('given a referral delivered and accepted, then every status change names both parties in its extensions', async () => {
    // given
    const store = new InMemoryReferralStore();
    const { receive, accept } = handlers(store);
    await receive.execute(new ReceiveReferralCommand(createdEvent('5d1c3a52-8f0e-4b6a-9d27-1e4f6a8b2c91')));

    // when
    await accept.execute(new AcceptReferralCommand(REFERRAL_ID, RECEIVER));

    // then
    expect(store.outbox.map((m) => [m.headers.referraloriginator, m.headers.referralreceiver])).toEqual([
      ['metro-police', 'safe-harbour'],
      ['metro-police', 'safe-harbour'],
    ]);
  });

  describe('accept deadlines', () => {
    const deadlines = parseAcceptDeadlines('emergency=1h,urgent=4h,priority=24h');

    async function deliveredAt(store: InMemoryReferralStore, receivedAt: string): Promise<void> {
      store.now = new Date(receivedAt);
      await handlers(store).receive.execute(
        new ReceiveReferralCommand(createdEvent('5d1c3a52-8f0e-4b6a-9d27-1e4f6a8b2c92')),
      );
    }

    it('given a priority referral delivered 25 hours ago and not accepted, when the check runs twice, then it is escalated once with a valid referral.escalated', async () => {
      // given
      const store = new InMemoryReferralStore();
      await deliveredAt(store, '2025-03-15T10:00:00Z');
      store.now = new Date('2025-03-16T11:00:00Z');
      const check = new EscalateOverdueReferralsHandler(store, registry, deadlines);

      // when
      const first = await check.execute(new EscalateOverdueReferralsCommand(10));
      const second = await check.execute(new EscalateOverdueReferralsCommand(10));

      // then
      expect(first.escalated).toEqual([REFERRAL_ID]);
      expect(second.escalated).toEqual([]);
      const escalated = store.outbox.filter((m) => m.type === REFERRAL_ESCALATED_TYPE);
      expect(escalated).toHaveLength(1);
      expect(registry.validate(REFERRAL_ESCALATED_TYPE, escalated[0]?.payload)).toEqual({ ok: true });
      expect(escalated[0]?.payload).toMatchObject({
        referralId: REFERRAL_ID,
        subjectId: SUBJECT_ID,
        deadline: 'accept',
        urgency: 'priority',
        status: 'delivered',
        receivedAt: '2025-03-15T10:00:00.000Z',
        dueAt: '2025-03-16T10:00:00.000Z',
        receivingOrganisation: { partnerId: 'safe-harbour' },
        referringOrganisation: { partnerId: 'metro-police' },
      });
      expect(escalated[0]?.key).toBe(SUBJECT_ID);
      expect(store.escalations).toHaveLength(1);
    });

    it('given a priority referral delivered 23 hours ago, when the check runs, then nothing is escalated', async () => {
      // given
      const store = new InMemoryReferralStore();
      await deliveredAt(store, '2025-03-15T10:00:00Z');
      store.now = new Date('2025-03-16T09:00:00Z');

      // when
      const round = await new EscalateOverdueReferralsHandler(store, registry, deadlines).execute(
        new EscalateOverdueReferralsCommand(10),
      );

      // then
      expect(round.escalated).toEqual([]);
      expect(store.outbox.filter((m) => m.type === REFERRAL_ESCALATED_TYPE)).toEqual([]);
    });

    it('given a referral accepted in time, when its deadline has long passed, then it is not escalated', async () => {
      // given
      const store = new InMemoryReferralStore();
      await deliveredAt(store, '2025-03-15T10:00:00Z');
      await handlers(store).accept.execute(new AcceptReferralCommand(REFERRAL_ID, RECEIVER));
      store.now = new Date('2025-03-20T10:00:00Z');

      // when
      const round = await new EscalateOverdueReferralsHandler(store, registry, deadlines).execute(
        new EscalateOverdueReferralsCommand(10),
      );

      // then
      expect(round.escalated).toEqual([]);
    });
  });
});
