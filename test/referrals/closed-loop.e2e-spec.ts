/**
 * The closed referral loop, live to the case worker, against the run's real
 * Kafka and Postgres with intake, redaction, referrals and the gateway
 * running. metro-police (law enforcement) refers a person to safe-harbour
 * (an NGO) on its inbound topic; safe-harbour's case worker, holding the
 * inbox stream open, receives the referral redacted for an NGO and accepts
 * it through the gateway; metro-police hears the acceptance on its delivery
 * topic, redacted for the police; the policy keeps the change away from
 * safe-harbour, which made it; northside-school, watching its own stream,
 * learns nothing. A reassignment stays inside safe-harbour. Supervisors of
 * safe-harbour see escalations live and may read, but not act.
 */
import type { Producer } from 'kafkajs';
import type { Role, Sector } from '@beacon/auth';
import type { ReferralCreatedV1Data } from '@beacon/contracts';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import { collect, type Collected } from '../support/collect';
import { openSse, type SseStream } from '../support/sse';
import {
  callGateway,
  referralCreated as exampleReferral,
  REFERRAL_CREATED_TYPE,
  startReferralFlow,
  type ReferralFlow,
} from '../support/referral-flow';
import { kafkaAs, loadTestStack, testIssuer } from '../support/test-stack';

const CREATED_TYPE = REFERRAL_CREATED_TYPE;
const STATUS_CHANGED_TYPE = 'org.beacon.referral.status-changed.v1';
const ESCALATED_TYPE = 'org.beacon.referral.escalated.v1';
const ACCESS_RECORDED_TYPE = 'org.beacon.access.recorded.v1';
const ORIGINATOR = 'metro-police';
const RECEIVER = 'safe-harbour';
const STRANGER = 'northside-school';
// Only routine referrals escalate in this suite (the example is priority: 24 h).
const ROUTINE_DEADLINE_SECONDS = 6;
// Long enough for an event published by mistake to pass outbox, canonical log and redaction.
const SETTLE_MS = 8000;

/** A stream message as the gateway sends it: the structured CloudEvent. */
interface Streamed {
  id: string;
  type: string;
  disclosureid?: string;
  data: Record<string, unknown> & { referralId?: string; toStatus?: string };
}

interface ReferralBody {
  referralId: string;
  status: string;
  assignedWorker?: { workerId: string };
  escalatedAt?: string;
  history?: { type: string; by?: { partnerId: string } }[];
}

const streamed = (stream: SseStream): Streamed[] =>
  stream.messages.map((m) => JSON.parse(m.data) as Streamed);
const about = (referralId: string, type?: string) => (event: { type: string; data: unknown }) =>
  (type === undefined || event.type === type) &&
  (event.data as { referralId?: string } | null)?.referralId === referralId;
const heartbeats = (stream: SseStream) => stream.comments.filter((c) => c.startsWith('heartbeat')).length;

describe('referrals: the closed loop, live to the case worker, and supervisors', () => {
  const stack = loadTestStack();
  let topics: TopicRegistry;
  let flow: ReferralFlow | undefined;
  const streams: SseStream[] = [];
  let gatewayUrl: string;
  let police: Producer;
  const reader = () => kafkaAs(stack.kafka.admin, 'closed-loop-e2e-reader');
  const token = (subject: string, partnerId: string, sector: Sector, roles: Role[]) =>
    testIssuer(stack).mint({ subject, partnerId, sector, roles }, 900);
  let worker: string;
  let supervisor: string;
  let stranger: string;

  const call = <T = ReferralBody>(bearer: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
    callGateway<T>(gatewayUrl, bearer, method, path, body);

  async function openStream(bearer: string): Promise<SseStream> {
    const stream = await openSse(`${gatewayUrl}/v1/inbox/stream`, { authorization: `Bearer ${bearer}` });
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }

  /** Waits for two more heartbeats: every read the stream would do has been done since. */
  async function quiet(stream: SseStream): Promise<void> {
    const seen = heartbeats(stream);
    await stream.waitFor((s) => heartbeats(s) >= seen + 2, 30_000, 'two more heartbeats');
  }

  /** The events about `referralId` on a delivery topic, read until `until` holds (or the timeout), then `settleMs` more. */
  async function delivered(
    partnerId: string,
    referralId: string,
    options: { until?: (seen: Collected[]) => boolean; settleMs: number; timeoutMs: number },
  ): Promise<Collected[]> {
    const mine = (seen: readonly Collected[]) => seen.filter((c) => about(referralId)(c.event));
    return mine(
      await collect(reader(), topics.deliver(partnerId), {
        ...(options.until === undefined ? {} : { until: (seen) => options.until!(mine(seen)) }),
        settleMs: options.settleMs,
        timeoutMs: options.timeoutMs,
      }),
    );
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
        INBOX_HEARTBEAT_SECONDS: '1',
        INBOX_TOPIC_REFRESH_SECONDS: '5',
      },
    });
    ({ topics, gatewayUrl, originator: police } = flow);
    worker = token(`worker:${RECEIVER}:1`, RECEIVER, 'ngo', ['case-worker']);
    supervisor = token(`supervisor:${RECEIVER}:1`, RECEIVER, 'ngo', ['supervisor']);
    stranger = token(`worker:${STRANGER}:1`, STRANGER, 'education', ['case-worker']);
  }, 300_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await flow?.stop();
  });

  let created: CloudEvent<ReferralCreatedV1Data>;
  let workerStream: SseStream;
  let strangerStream: SseStream;

  it("given safe-harbour's and northside-school's case workers on their streams, when metro-police refers a person to safe-harbour, then safe-harbour's worker receives it live, redacted for an NGO, exactly as on safe-harbour's delivery topic", async () => {
    // given
    workerStream = await openStream(worker);
    strangerStream = await openStream(stranger);
    created = exampleReferral(ORIGINATOR);
    expect(created.data.subject.givenName).toEqual(expect.any(String));

    // when
    await sendReferral(created);

    // then
    const id = created.data.referralId;
    await workerStream.waitFor(
      (s) => streamed(s).some(about(id, CREATED_TYPE)),
      120_000,
      'the referral on the case worker’s stream',
    );
    const live = streamed(workerStream).filter(about(id));
    expect(live.map((e) => e.type)).toEqual([CREATED_TYPE]);
    const [onTopic] = await delivered(RECEIVER, id, {
      until: (seen) => seen.length >= 1,
      settleMs: 0,
      timeoutMs: 60_000,
    });
    expect(onTopic).toBeDefined();
    expect(live[0]?.id).toBe(onTopic!.event.id);
    expect(live[0]?.disclosureid).toBe(onTopic!.event.extensions?.disclosureid);
    expect(live[0]?.data).toEqual(onTopic!.event.data);
    // config/policies: an NGO sees no identity without the subject's consent.
    expect(live[0]?.data.subject).toEqual(expect.any(Object));
    expect(live[0]?.data.subject).not.toHaveProperty('givenName');
    expect(JSON.stringify(live[0]?.data)).not.toContain(created.data.subject.givenName);
  }, 180_000);

  it("when safe-harbour's worker accepts it through the gateway, then metro-police's delivery topic gets the acceptance once, redacted for the police, and, as the policy routes a change to the parties but the one that made it, safe-harbour's stream does not show it", async () => {
    // given
    const id = created.data.referralId;

    // when
    const accepted = await call<{ eventIds: string[]; referral: ReferralBody }>(
      worker,
      'POST',
      `/v1/referrals/${id}/accept`,
      { note: 'Bed available from 17:00.' },
    );

    // then
    expect(accepted.status).toBe(200);
    expect(accepted.body.eventIds).toHaveLength(1);
    expect(accepted.body.referral.status).toBe('accepted');
    const acceptance = (seen: readonly Collected[]) =>
      seen.filter(
        (c) =>
          c.event.type === STATUS_CHANGED_TYPE &&
          (c.event.data as { toStatus?: string }).toStatus === 'accepted',
      );
    const toPolice = acceptance(
      await delivered(ORIGINATOR, id, {
        until: (seen) => acceptance(seen).length >= 1,
        settleMs: 3000,
        timeoutMs: 90_000,
      }),
    );
    expect(toPolice).toHaveLength(1);
    expect(toPolice[0]?.event.extensions?.disclosureid).toEqual(expect.any(String));
    const data = toPolice[0]?.event.data as Record<string, unknown>;
    expect(data).toMatchObject({
      referralId: id,
      fromStatus: 'delivered',
      toStatus: 'accepted',
      actor: { organisation: { partnerId: RECEIVER } },
    });
    // config/policies: law enforcement gets identity as a keyed hash, never the subject id itself.
    expect(typeof data.subjectId).toBe('string');
    expect(data.subjectId).not.toBe(created.data.subject.subjectId);
    expect(JSON.stringify(data)).not.toContain(created.data.subject.subjectId);

    // routing `referral-status-changed`: "not to whichever of them made the change".
    await quiet(workerStream);
    expect(
      streamed(workerStream)
        .filter(about(id))
        .map((e) => e.type),
    ).toEqual([CREATED_TYPE]);
    const toReceiver = await delivered(RECEIVER, id, { settleMs: 0, timeoutMs: 10_000 });
    expect(toReceiver.map((c) => c.event.type)).toEqual([CREATED_TYPE]);
  }, 180_000);

  it('given northside-school, which is no party, then its worker’s open stream shows nothing of it and the referral is not found', async () => {
    // when
    await quiet(strangerStream);
    const detail = await call<{ code?: string }>(stranger, 'GET', `/v1/referrals/${created.data.referralId}`);
    const list = await call<{ referrals: ReferralBody[] }>(stranger, 'GET', '/v1/referrals');
    const inbox = await call<{ items: unknown[] }>(stranger, 'GET', '/v1/inbox');

    // then
    expect(strangerStream.messages).toEqual([]);
    expect(detail.status).toBe(404);
    expect(JSON.stringify(detail.body)).not.toContain(created.data.subject.subjectId);
    expect(list.status).toBe(200);
    expect(list.body.referrals).toEqual([]);
    expect(inbox.body.items).toEqual([]);
  });

  it('when safe-harbour reassigns it to another of its workers, then the history and the assignment show it, and nothing of it reaches metro-police, though the next status change does', async () => {
    // given
    const id = created.data.referralId;

    // when
    const reassigned = await call<{ eventIds: string[]; referral: ReferralBody }>(
      worker,
      'POST',
      `/v1/referrals/${id}/reassign`,
      { workerId: `worker:${RECEIVER}:2`, workerName: 'Second Worker' },
    );
    // A change that is published, after it: the originator's topic is in order per subject, so once
    // this arrives, anything the reassignment had published would have arrived before it.
    const started = await call<{ eventIds: string[] }>(worker, 'POST', `/v1/referrals/${id}/start`, {});

    // then
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.eventIds).toEqual([]);
    expect(reassigned.body.referral.assignedWorker?.workerId).toBe(`worker:${RECEIVER}:2`);
    expect(reassigned.body.referral.history?.map((h) => h.type)).toEqual([
      'created',
      'delivered',
      'accepted',
      'reassigned',
    ]);
    expect(started.status).toBe(200);
    const toPolice = await delivered(ORIGINATOR, id, {
      until: (seen) => seen.some((c) => (c.event.data as { toStatus?: string }).toStatus === 'in-progress'),
      settleMs: SETTLE_MS,
      timeoutMs: 90_000,
    });
    // Beacon's delivery, the acceptance and the start: one each, and no fourth for the reassignment.
    expect(toPolice.map((c) => c.event.type)).toEqual([
      STATUS_CHANGED_TYPE,
      STATUS_CHANGED_TYPE,
      STATUS_CHANGED_TYPE,
    ]);
    expect(toPolice.map((c) => (c.event.data as { toStatus?: string }).toStatus).sort()).toEqual([
      'accepted',
      'delivered',
      'in-progress',
    ]);
    const detailForPolice = await call(
      token(`worker:${ORIGINATOR}:1`, ORIGINATOR, 'law-enforcement', ['case-worker']),
      'GET',
      `/v1/referrals/${id}`,
    );
    expect(detailForPolice.status).toBe(200);
    await quiet(workerStream);
    expect(
      streamed(workerStream)
        .filter(about(id))
        .map((e) => e.type),
    ).toEqual([CREATED_TYPE]);
  }, 180_000);

  it("given a routine referral nobody accepts, then the escalation reaches safe-harbour's supervisor and case worker live; the supervisor reads the referral, and its accept answers 403 and changes nothing", async () => {
    // given
    const supervisorStream = await openStream(supervisor);
    const routine = exampleReferral(ORIGINATOR, undefined, { urgency: 'routine' });
    const id = routine.data.referralId;

    // when
    await sendReferral(routine);

    // then
    await supervisorStream.waitFor(
      (s) => streamed(s).some(about(id, ESCALATED_TYPE)),
      150_000,
      'the escalation on the supervisor’s stream',
    );
    await workerStream.waitFor(
      (s) => streamed(s).some(about(id, ESCALATED_TYPE)),
      30_000,
      'the escalation on the case worker’s stream',
    );
    const escalation = streamed(supervisorStream).find(about(id, ESCALATED_TYPE));
    expect(escalation?.data).toMatchObject({
      referralId: id,
      urgency: 'routine',
      receivingOrganisation: { partnerId: RECEIVER },
      notifyRoles: expect.arrayContaining(['supervisor', 'case-worker']),
    });
    // The supervisor reads the same inbox as the case workers: the referral came first.
    expect(
      streamed(supervisorStream)
        .filter(about(id))
        .map((e) => e.type),
    ).toEqual([CREATED_TYPE, ESCALATED_TYPE]);

    const listed = await call<{ referrals: ReferralBody[] }>(supervisor, 'GET', '/v1/referrals?limit=200');
    const detail = await call(supervisor, 'GET', `/v1/referrals/${id}`);
    const accept = await call<{ code: string }>(supervisor, 'POST', `/v1/referrals/${id}/accept`, {});
    const reassign = await call<{ code: string }>(supervisor, 'POST', `/v1/referrals/${id}/reassign`, {
      workerId: `worker:${RECEIVER}:2`,
      workerName: 'Second Worker',
    });
    const after = await call(worker, 'GET', `/v1/referrals/${id}`);

    expect(listed.status).toBe(200);
    expect(listed.body.referrals.map((r) => r.referralId)).toContain(id);
    expect(detail.status).toBe(200);
    expect(detail.body.escalatedAt).toEqual(expect.any(String));
    expect(accept.status).toBe(403);
    expect(accept.body.code).toBe('insufficient_role');
    expect(reassign.status).toBe(403);
    expect(after.body.status).toBe('delivered');
    expect(after.body.history?.map((h) => h.type)).toEqual(['created', 'delivered', 'escalated']);

    // The supervisor's requests are on the audit trail with its role.
    const correlationId = listed.headers.get('x-request-id');
    const record = (seen: readonly Collected[]) =>
      seen.filter((c) => c.event.type === ACCESS_RECORDED_TYPE && c.event.correlationid === correlationId);
    const records = record(
      await collect(reader(), topics.audit, {
        until: (seen) => record(seen).length >= 1,
        settleMs: 500,
        timeoutMs: 30_000,
      }),
    );
    expect(records).toHaveLength(1);
    expect(records[0]?.event.data).toMatchObject({
      principal: { partnerId: RECEIVER, roles: ['supervisor'] },
      outcome: 'allowed',
    });
  }, 240_000);

  it('given a supervisor, then it may open its partner’s stream with a ticket and page the inbox, and a partner system may not', async () => {
    // when
    const ticket = await fetch(`${gatewayUrl}/v1/inbox/stream-tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisor}` },
    });
    const issued = (await ticket.json()) as { streamUrl: string };
    const byTicket = await openSse(`${gatewayUrl}${issued.streamUrl}`);
    streams.push(byTicket);
    const page = await call<{ items: { event: Streamed }[] }>(supervisor, 'GET', '/v1/inbox?limit=500');
    const system = await call<{ code: string }>(
      token(`system:${RECEIVER}`, RECEIVER, 'ngo', ['partner-system']),
      'GET',
      '/v1/inbox',
    );

    // then
    expect(ticket.status).toBe(201);
    expect(byTicket.status).toBe(200);
    await byTicket.waitFor(
      (s) => streamed(s).some(about(created.data.referralId, CREATED_TYPE)),
      30_000,
      'the first referral replayed',
    );
    expect(page.status).toBe(200);
    expect(page.body.items.map((i) => i.event.type)).toEqual(
      expect.arrayContaining([CREATED_TYPE, ESCALATED_TYPE]),
    );
    expect(system.status).toBe(403);
    expect(system.body.code).toBe('insufficient_role');
  });
});
