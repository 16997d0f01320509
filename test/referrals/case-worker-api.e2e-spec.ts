/**
 * Closed-loop referrals, live to the case worker, against the run's real
 * Kafka and Postgres with intake, redaction, referrals and the gateway
 * running: metro-police (law enforcement) refers a person to safe-harbour
 * (an NGO) on its inbound topic; safe-harbour's case worker works the
 * referral through the gateway; metro-police hears each change on its
 * delivery topic, redacted for its sector; northside-school (education)
 * learns nothing of it.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Role, Sector } from '@beacon/auth';
import type { ReferralCreatedV1Data } from '@beacon/contracts';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import { collect, type Collected } from '../support/collect';
import {
  callGateway,
  referralCreated as exampleReferral,
  type Answer,
  startReferralFlow,
  type ReferralFlow,
} from '../support/referral-flow';
import { kafkaAs, loadTestStack, testIssuer } from '../support/test-stack';
import { rememberConsent, rememberRevocation } from '../support/withheld-values';

const STATUS_CHANGED_TYPE = 'org.beacon.referral.status-changed.v1';
const ESCALATED_TYPE = 'org.beacon.referral.escalated.v1';
const ORIGINATOR = 'metro-police';
const RECEIVER = 'safe-harbour';
const STRANGER = 'northside-school';
// Short enough for a test; routine referrals only, so the others (priority) never escalate here.
const ROUTINE_DEADLINE_SECONDS = 6;

interface ReferralBody {
  referralId: string;
  /** As the policy decides it for the caller: in clear with consent, hashed per partner, or absent. */
  subjectId?: string;
  status: string;
  direction: string;
  urgency: string;
  possibleDuplicate: boolean;
  possibleDuplicateOf: string[];
  acceptBy?: string;
  escalatedAt?: string;
  history?: { type: string; from?: string; to?: string; by?: { partnerId: string }; reasonCode?: string }[];
}

describe('referrals: the case-worker API through the gateway, closed loop to the originator', () => {
  const stack = loadTestStack();
  let topics: TopicRegistry;
  let flow: ReferralFlow | undefined;
  let gatewayUrl: string;
  let police: Producer;
  const reader = () => kafkaAs(stack.kafka.admin, 'case-worker-api-e2e-reader');
  const token = (partnerId: string, sector: Sector, roles: Role[] = ['case-worker']) =>
    testIssuer(stack).mint({ subject: `worker:${partnerId}`, partnerId, sector, roles }, 900);
  let receiverToken: string;
  let originatorToken: string;
  let strangerToken: string;

  const call = <T = ReferralBody>(bearer: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
    callGateway<T>(gatewayUrl, bearer, method, path, body);

  /** The subjects the access record of an answer names (the gateway keeps them off the answer itself). */
  async function subjectsOnRecord(answer: Answer<unknown>): Promise<string[]> {
    expect(answer.headers.get('x-beacon-subject-ids')).toBeNull();
    const correlationId = answer.headers.get('x-request-id');
    const mine = (seen: readonly Collected[]) =>
      seen.filter(
        (c) => c.event.type === 'org.beacon.access.recorded.v1' && c.event.correlationid === correlationId,
      );
    const records = mine(
      await collect(reader(), topics.audit, {
        until: (seen) => mine(seen).length >= 1,
        settleMs: 500,
        timeoutMs: 30_000,
      }),
    );
    expect(records).toHaveLength(1);
    return (records[0]?.event.data as { resource?: { subjectIds?: string[] } }).resource?.subjectIds ?? [];
  }

  /** Asks the list until the referral is there (it arrives through intake and the canonical log). */
  async function awaitListed(referralId: string): Promise<Answer<{ referrals: ReferralBody[] }>> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const answer = await call<{ referrals: ReferralBody[] }>(
        receiverToken,
        'GET',
        '/v1/referrals?limit=200',
      );
      if (answer.body.referrals?.some((r) => r.referralId === referralId)) return answer;
      if (Date.now() > deadline) throw new Error(`referral ${referralId} was not listed within 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function sendReferral(event: CloudEvent<ReferralCreatedV1Data>): Promise<void> {
    await police.send({ topic: topics.inbound(ORIGINATOR), messages: [encodeCloudEvent(event)] });
  }

  beforeAll(async () => {
    flow = await startReferralFlow(stack, {
      originator: ORIGINATOR,
      partnerIds: [ORIGINATOR, RECEIVER, STRANGER],
      referralsEnv: {
        REFERRAL_ACCEPT_DEADLINES: `emergency=1h,urgent=4h,priority=24h,routine=${ROUTINE_DEADLINE_SECONDS}s`,
        REFERRAL_ESCALATION_CHECK_SECONDS: '1',
      },
      gatewayEnv: {
        // Nothing listens there in this suite: the gateway must say the audit service is away.
        AUDIT_URL: 'http://127.0.0.1:9',
      },
    });
    ({ topics, gatewayUrl, originator: police } = flow);
    receiverToken = token(RECEIVER, 'ngo');
    originatorToken = token(ORIGINATOR, 'law-enforcement');
    strangerToken = token(STRANGER, 'education');
  }, 300_000);

  afterAll(async () => {
    await flow?.stop();
  });

  const subjectId = randomUUID();
  let created: CloudEvent<ReferralCreatedV1Data>;

  it("given metro-police refers a person to safe-harbour on its inbound topic, then safe-harbour's case worker lists it through the gateway, naming the subject on its access record and never its personal data, nor the subject id an NGO does not see without consent", async () => {
    // given
    created = exampleReferral(ORIGINATOR, subjectId);

    // when
    await sendReferral(created);
    const listed = await awaitListed(created.data.referralId);

    // then
    expect(listed.status).toBe(200);
    const referral = listed.body.referrals.find((r) => r.referralId === created.data.referralId);
    expect(referral).toMatchObject({
      status: 'delivered',
      direction: 'incoming',
      urgency: 'priority',
      possibleDuplicate: false,
      originator: { partnerId: ORIGINATOR },
      receiver: { partnerId: RECEIVER },
    });
    // config/policies: an NGO sees no identity without the subject's consent, so not even a hash.
    expect(referral).not.toHaveProperty('subjectId');
    expect(Date.parse(referral?.acceptBy ?? '')).toBeGreaterThan(Date.now());
    expect(await subjectsOnRecord(listed)).toContain(subjectId);
    const text = JSON.stringify(listed.body);
    for (const personal of [
      subjectId,
      'Florin',
      'Dumitrescu',
      '1994-07-03',
      '+447700900356',
      'RX482913',
      'car wash',
    ]) {
      expect({ personal, present: text.includes(personal) }).toEqual({ personal, present: false });
    }
  }, 120_000);

  it("when safe-harbour's case worker accepts it through the gateway, then metro-police's delivery topic gets the accepted change once, with the subject id hashed for law enforcement", async () => {
    // when
    const answer = await call(receiverToken, 'POST', `/v1/referrals/${created.data.referralId}/accept`, {
      note: 'Bed available from 17:00.',
    });

    // then
    expect(answer.status).toBe(200);
    expect(await subjectsOnRecord(answer)).toEqual([subjectId]);
    const changes = (seen: readonly Collected[]) =>
      seen.filter(
        (c) =>
          c.event.type === STATUS_CHANGED_TYPE &&
          (c.event.data as { referralId?: string }).referralId === created.data.referralId &&
          (c.event.data as { toStatus?: string }).toStatus === 'accepted',
      );
    const delivered = changes(
      await collect(reader(), topics.deliver(ORIGINATOR), {
        until: (seen) => changes(seen).length >= 1,
        settleMs: 3000,
        timeoutMs: 90_000,
      }),
    );
    expect(delivered).toHaveLength(1);
    const data = delivered[0]?.event.data as Record<string, unknown>;
    expect(data).toMatchObject({
      fromStatus: 'delivered',
      toStatus: 'accepted',
      actor: { organisation: { partnerId: RECEIVER } },
    });
    // config/policies: law enforcement gets identity hashed, per recipient, without the subject's consent.
    expect(data.subjectId).not.toBe(subjectId);
    expect(typeof data.subjectId).toBe('string');
    // The referral API answers metro-police with the same hash, so its worker can match the two.
    const forPolice = await call(originatorToken, 'GET', `/v1/referrals/${created.data.referralId}`);
    expect(forPolice.body.subjectId).toBe(data.subjectId);
    expect(JSON.stringify(forPolice.body)).not.toContain(subjectId);
  }, 120_000);

  it('given a worker of northside-school, which is no party, then the referral is not found and the list is empty', async () => {
    // when
    const detail = await call(strangerToken, 'GET', `/v1/referrals/${created.data.referralId}`);
    const list = await call<{ referrals: ReferralBody[] }>(strangerToken, 'GET', '/v1/referrals');
    const accept = await call(strangerToken, 'POST', `/v1/referrals/${created.data.referralId}/accept`, {});

    // then
    expect(detail.status).toBe(404);
    expect(detail.headers.get('x-beacon-subject-ids')).toBeNull();
    expect(list.status).toBe(200);
    expect(list.body.referrals).toEqual([]);
    expect(accept.status).toBe(404);
    expect(JSON.stringify(accept.body)).not.toContain(subjectId);
  });

  it('given the accepted referral, then a second accept is a conflict with the current state, the other party is forbidden, and start and close with an outcome complete the history', async () => {
    // given
    const id = created.data.referralId;

    // when
    const again = await call<{ code: string; current: ReferralBody }>(
      receiverToken,
      'POST',
      `/v1/referrals/${id}/accept`,
      {},
    );
    const policeStarts = await call<{ code: string }>(
      originatorToken,
      'POST',
      `/v1/referrals/${id}/start`,
      {},
    );
    const auditorLists = await call(token(RECEIVER, 'ngo', ['auditor']), 'GET', '/v1/referrals');
    const started = await call(receiverToken, 'POST', `/v1/referrals/${id}/start`, {});
    const closed = await call<{ referral: ReferralBody }>(
      receiverToken,
      'POST',
      `/v1/referrals/${id}/close`,
      {
        outcome: 'successful',
        reason: 'services-completed',
        servicesProvided: ['shelter', 'interpretation'],
      },
    );
    const detailForPolice = await call(originatorToken, 'GET', `/v1/referrals/${id}`);

    // then
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
    expect(again.body.current).toMatchObject({ referralId: id, status: 'accepted' });
    expect(policeStarts.status).toBe(403);
    expect(auditorLists.status).toBe(403);
    expect(started.status).toBe(200);
    expect(closed.status).toBe(200);
    expect(closed.body.referral.status).toBe('closed');
    expect(detailForPolice.status).toBe(200);
    expect(detailForPolice.body.direction).toBe('outgoing');
    expect(detailForPolice.body.history?.map((h) => [h.type, h.from, h.to])).toEqual([
      ['created', undefined, 'created'],
      ['delivered', 'created', 'delivered'],
      ['accepted', 'delivered', 'accepted'],
      ['started', 'accepted', 'in-progress'],
      ['closed', 'in-progress', 'closed'],
    ]);
    expect(detailForPolice.body.history?.[2]?.by?.partnerId).toBe(RECEIVER);
    expect(detailForPolice.body.history?.[4]?.reasonCode).toBe('services-completed');
  });

  it('given the same referral.created sent twice and a second referral of the same subject, then there is one referral per referral id and both open ones are flagged as possible duplicates, page by page', async () => {
    // given
    const person = randomUUID();
    const first = exampleReferral(ORIGINATOR, person);
    const second = exampleReferral(ORIGINATOR, person);

    // when
    await sendReferral(first);
    await sendReferral(first);
    await awaitListed(first.data.referralId);
    await sendReferral(second);
    const listed = await awaitListed(second.data.referralId);

    // then
    const ofPerson = listed.body.referrals.filter((r) =>
      [first.data.referralId, second.data.referralId].includes(r.referralId),
    );
    expect(ofPerson.map((r) => r.referralId).sort()).toEqual(
      [first.data.referralId, second.data.referralId].sort(),
    );
    const byId = new Map(ofPerson.map((r) => [r.referralId, r]));
    expect(byId.get(first.data.referralId)).toMatchObject({
      possibleDuplicate: true,
      possibleDuplicateOf: [second.data.referralId],
    });
    expect(byId.get(second.data.referralId)).toMatchObject({
      possibleDuplicate: true,
      possibleDuplicateOf: [first.data.referralId],
    });
    const pageOne = await call<{ referrals: ReferralBody[]; nextCursor?: string }>(
      receiverToken,
      'GET',
      '/v1/referrals?status=delivered&limit=1',
    );
    expect(pageOne.body.referrals).toHaveLength(1);
    expect(pageOne.body.nextCursor).toEqual(expect.any(String));
    const pageTwo = await call<{ referrals: ReferralBody[]; nextCursor?: string }>(
      receiverToken,
      'GET',
      `/v1/referrals?status=delivered&limit=1&cursor=${pageOne.body.nextCursor ?? ''}`,
    );
    expect(pageTwo.body.referrals).toHaveLength(1);
    expect(pageTwo.body.referrals[0]?.referralId).not.toBe(pageOne.body.referrals[0]?.referralId);
  }, 180_000);

  it("given the subject consents to NGOs seeing their identity for care coordination, when safe-harbour records it, then safe-harbour's worker reads the subject id in clear while metro-police still reads its hash; once revoked, safe-harbour no longer sees it", async () => {
    // given
    const person = randomUUID();
    const referral = exampleReferral(ORIGINATOR, person);
    await sendReferral(referral);
    await awaitListed(referral.data.referralId);
    const consentId = randomUUID();
    const grantedAt = new Date(Date.now() - 60_000).toISOString();
    const provision = {
      type: 'permit' as const,
      grantee: { kind: 'sector' as const, sector: 'ngo' as const },
      purposes: ['care-coordination' as const],
      dataCategories: ['identity' as const],
      period: { start: grantedAt },
    };

    // when
    const recorded = await call<{ consentId: string }>(receiverToken, 'POST', '/v1/consents', {
      consentId,
      subjectId: person,
      grantedAt,
      givenBy: 'subject',
      method: 'written',
      provisions: [provision],
      recordedBy: {
        organisation: { partnerId: RECEIVER, sector: 'ngo' },
        caseWorker: { workerId: `worker:${RECEIVER}`, name: 'Kwame Mensah' },
      },
      evidence: { kind: 'signed-form', reference: 'SH-CF-2026-0501' },
    });
    // It widens what safe-harbour itself receives, so a second person of safe-harbour confirms it.
    const supervisor = testIssuer(stack).mint(
      { subject: `supervisor:${RECEIVER}`, partnerId: RECEIVER, sector: 'ngo', roles: ['supervisor'] },
      900,
    );
    const confirmed = await call(supervisor, 'POST', `/v1/consents/${consentId}/confirm`, {});
    rememberConsent({
      consentId,
      subjectId: person,
      status: 'active',
      provisions: [{ ...provision, categories: provision.dataCategories }],
    });
    const forShelter = await call(receiverToken, 'GET', `/v1/referrals/${referral.data.referralId}`);
    const forPolice = await call(originatorToken, 'GET', `/v1/referrals/${referral.data.referralId}`);
    const revoked = await call(receiverToken, 'POST', `/v1/consents/${consentId}/revoke`, {
      reason: 'subject-request',
    });
    rememberRevocation(consentId, new Date().toISOString());
    const afterRevocation = await call(receiverToken, 'GET', `/v1/referrals/${referral.data.referralId}`);

    // then
    expect(recorded.status).toBe(201);
    expect(confirmed.status).toBe(200);
    expect(forShelter.status).toBe(200);
    expect(forShelter.body.subjectId).toBe(person);
    expect(forPolice.body.subjectId).toMatch(/^hmac:/);
    expect(revoked.status).toBe(200);
    expect(afterRevocation.status).toBe(200);
    expect(afterRevocation.body).not.toHaveProperty('subjectId');
  }, 120_000);

  it('given a routine referral nobody accepts, then one referral.escalated reaches safe-harbour for it, and its detail shows the escalation', async () => {
    // given
    const routine = exampleReferral(ORIGINATOR, randomUUID(), { urgency: 'routine' });

    // when
    await sendReferral(routine);
    const escalations = (seen: readonly Collected[]) =>
      seen.filter(
        (c) =>
          c.event.type === ESCALATED_TYPE &&
          (c.event.data as { referralId?: string }).referralId === routine.data.referralId,
      );
    const delivered = escalations(
      await collect(reader(), topics.deliver(RECEIVER), {
        until: (seen) => escalations(seen).length >= 1,
        // Several check rounds pass in this time: a second escalation would show.
        settleMs: 5000,
        timeoutMs: 120_000,
      }),
    );

    // then
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.event.data).toMatchObject({
      referralId: routine.data.referralId,
      deadline: 'accept',
      urgency: 'routine',
      status: 'delivered',
      receivingOrganisation: { partnerId: RECEIVER },
      notifyRoles: expect.arrayContaining(['supervisor']),
    });
    const detail = await call(receiverToken, 'GET', `/v1/referrals/${routine.data.referralId}`);
    expect(detail.body.escalatedAt).toEqual(expect.any(String));
    expect(detail.body.history?.filter((h) => h.type === 'escalated')).toHaveLength(1);
  }, 180_000);

  it('given bad requests, then each answers 400 naming the parameter or field, and nothing changes', async () => {
    // given
    const person = randomUUID();
    const pending = exampleReferral(ORIGINATOR, person);
    await sendReferral(pending);
    await awaitListed(pending.data.referralId);
    const id = pending.data.referralId;

    // when
    const badReason = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'POST',
      `/v1/referrals/${id}/decline`,
      {
        reason: 'busy',
      },
    );
    const noOutcome = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'POST',
      `/v1/referrals/${id}/close`,
      {},
    );
    const noWorker = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'POST',
      `/v1/referrals/${id}/reassign`,
      {
        workerName: 'Amira Haddad',
      },
    );
    const badLimit = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'GET',
      '/v1/referrals?limit=500',
    );
    const badStatus = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'GET',
      "/v1/referrals?status=delivered'%20OR%201=1--",
    );
    const badId = await call<{ errors: { field: string }[] }>(
      receiverToken,
      'GET',
      '/v1/referrals/not-a-uuid',
    );
    const after = await call(receiverToken, 'GET', `/v1/referrals/${id}`);

    // then
    expect([badReason.status, badReason.body.errors.map((e) => e.field)]).toEqual([400, ['reason']]);
    expect([noOutcome.status, noOutcome.body.errors.map((e) => e.field).sort()]).toEqual([
      400,
      ['outcome', 'reason'],
    ]);
    expect([noWorker.status, noWorker.body.errors.map((e) => e.field)]).toEqual([400, ['workerId']]);
    expect([badLimit.status, badLimit.body.errors.map((e) => e.field)]).toEqual([400, ['limit']]);
    expect([badStatus.status, badStatus.body.errors.map((e) => e.field)]).toEqual([400, ['status']]);
    expect([badId.status, badId.body.errors.map((e) => e.field)]).toEqual([400, ['id']]);
    expect(after.body.status).toBe('delivered');
  }, 120_000);

  it('given the audit service is not running, then the gateway answers 502 naming it; and without a token the gateway refuses before forwarding', async () => {
    // when
    const explain = await call<{ code: string; service: string }>(
      token(RECEIVER, 'ngo', ['auditor']),
      'GET',
      '/v1/explain',
    );
    const anonymous = await fetch(`${gatewayUrl}/v1/referrals`);

    // then
    expect(explain.status).toBe(502);
    expect(explain.body).toMatchObject({ code: 'upstream_unavailable', service: 'audit' });
    expect(anonymous.status).toBe(401);
  });
});
