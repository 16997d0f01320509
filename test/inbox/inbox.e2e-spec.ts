/**
 * The case-worker inbox against the run's real broker and Postgres: a police
 * unit publishes referrals on its inbound topic, intake and redaction
 * deliver the shelter's redacted copy, and the gateway streams it to the
 * shelter's case worker (Server-Sent Events), with resume, partner scoping,
 * stream tickets and heartbeats.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Role, Sector } from '@beacon/auth';
import { loadExamples, withOriginator, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  encodeCloudEvent,
  partnerSource,
  topicsFor,
  type CloudEvent,
  type TopicRegistry,
} from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { collect } from '../support/collect';
import { openSse, type SseStream } from '../support/sse';
import {
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';
import { assertNoWithheldValues, callerOfToken, rememberSubject } from '../support/withheld-values';

const POLICE = 'metro-police';
const SHELTER = 'safe-harbour';
const HOSPITAL = 'st-mary-hospital';
const TYPE = 'org.beacon.referral.created.v1';
const TICKET_TTL_SECONDS = 3;

const EXAMPLE = loadExamples().find(
  (e) => e.type === TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
);

interface ReferralData {
  referralId: string;
  subject: { subjectId: string; givenName?: string };
  to: { organisation: { partnerId: string } };
}

/** A referral from the police unit to the shelter, about `subjectId`, with a fresh referral id. */
function referral(subjectId: string = randomUUID()): CloudEvent<ReferralData> {
  if (EXAMPLE === undefined) throw new Error(`the ${TYPE} car-wash example is missing from schemas/examples`);
  const data = withOriginator(TYPE, structuredClone(EXAMPLE.payload), POLICE) as ReferralData;
  data.referralId = randomUUID();
  data.subject.subjectId = subjectId;
  data.to.organisation.partnerId = SHELTER;
  // Every inbox answer below is checked for what the policy withholds about this subject.
  rememberSubject(data as unknown as ReferralCreatedV1Data);
  return {
    id: randomUUID(),
    source: partnerSource(POLICE),
    type: TYPE,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: subjectId,
    datacontenttype: 'application/json',
    data,
  };
}

interface Delivered {
  id: string;
  type: string;
  subject: string;
  data: ReferralData;
  [attribute: string]: unknown;
}

const parse = (stream: SseStream, index: number) => JSON.parse(stream.messages[index]!.data) as Delivered;

describe('the case-worker inbox: live, redacted, resumable, scoped to the partner', () => {
  const stack = loadTestStack();
  const issuer = testIssuer(stack);
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  const apps: RunningApp[] = [];
  let gateway: RunningApp;
  let police: Producer;
  const open: SseStream[] = [];

  const token = (partnerId: string, sector: Sector, roles: Role[] = ['case-worker']) =>
    issuer.mint({ subject: `worker@${partnerId}`, partnerId, sector, roles }, 600);
  const shelterWorker = () => token(SHELTER, 'ngo');
  const hospitalWorker = () => token(HOSPITAL, 'health-care');
  const url = (path: string) => `http://127.0.0.1:${gateway.port}${path}`;

  async function stream(path: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const opened = await openSse(url(path), headers);
    open.push(opened);
    return opened;
  }

  async function inbox(bearer: string, query = '') {
    const response = await fetch(url(`/v1/inbox${query}`), {
      headers: { authorization: `Bearer ${bearer}` },
    });
    const body = (await response.json()) as {
      items: { seq: number; id: string; event: Delivered }[];
      next: number;
    };
    const caller = callerOfToken(bearer);
    if (caller !== undefined) assertNoWithheldValues(caller, body);
    return { status: response.status, body };
  }

  async function publish(events: CloudEvent[]): Promise<void> {
    await police.send({ topic: topics.inbound(POLICE), messages: events.map((e) => encodeCloudEvent(e)) });
  }

  /** Waits until the shelter's inbox holds these referrals (through the paging API); returns their items. */
  async function storedFor(referralIds: string[], after: number) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const page = await inbox(shelterWorker(), `?after=${after}&limit=500`);
      const items = page.body.items.filter((i) => referralIds.includes(i.event.data.referralId));
      if (items.length === referralIds.length) return items;
      if (Date.now() > deadline)
        throw new Error(`only ${items.length} of ${referralIds.length} referrals reached the inbox`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    // One partition per topic: the shelter's copies carry no subject (identity is withheld from an NGO
    // without consent), so redaction keys them by delivery id; with one partition publish order is
    // delivery order, and the resume test can check the order end to end.
    ns = await SuiteNamespace.create(stack, [POLICE, SHELTER, HOSPITAL], 1);
    topics = topicsFor(ns.namespace);
    gateway = await startApp(stack, 'gateway', ns.namespace, {
      INBOX_HEARTBEAT_SECONDS: '1',
      INBOX_TICKET_TTL_SECONDS: String(TICKET_TTL_SECONDS),
      INBOX_TOPIC_REFRESH_SECONDS: '5',
    });
    apps.push(gateway);
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    police = kafkaAs(stack.kafka.partners[POLICE]!, 'metro-police-rms').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await police.connect();
  }, 240_000);

  afterAll(async () => {
    for (const s of open) s.close();
    await police?.disconnect();
    await Promise.all(apps.map((a) => a.stop()));
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
      await ns.dispose();
    }
  });

  let firstSeq = 0;

  it('given the shelter’s case worker on the stream, when the police refer a person to the shelter, then the stream carries the redacted delivery exactly as on its delivery topic', async () => {
    // given
    const live = await stream('/v1/inbox/stream', { authorization: `Bearer ${shelterWorker()}` });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const event = referral();
    expect(event.data.subject.givenName).toEqual(expect.any(String));

    // when
    await publish([event]);

    // then
    await live.waitFor((s) => s.messages.length >= 1, 120_000, 'the referral on the stream');
    const message = live.messages[0]!;
    const streamed = parse(live, 0);
    expect(message.event).toBe(TYPE);
    expect(streamed.data.referralId).toBe(event.data.referralId);
    const [onTopic] = (
      await collect(kafkaAs(stack.kafka.admin, 'inbox-e2e-reader'), topics.deliver(SHELTER), {
        until: (seen) =>
          seen.some((c) => (c.event.data as ReferralData).referralId === event.data.referralId),
        settleMs: 0,
        timeoutMs: 60_000,
      })
    ).filter((c) => (c.event.data as ReferralData).referralId === event.data.referralId);
    expect(onTopic).toBeDefined();
    expect(streamed.id).toBe(onTopic!.event.id);
    expect(streamed.data).toEqual(onTopic!.event.data);
    expect(streamed.disclosureid).toBe(onTopic!.event.extensions?.disclosureid);
    // The shelter's sector may not see the person's name without consent: redacted, not the original.
    expect(streamed.data.subject).not.toHaveProperty('givenName');
    firstSeq = Number(message.id);
    expect(firstSeq).toBeGreaterThan(0);
    const listed = await inbox(shelterWorker());
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i) => [i.seq, i.id])).toEqual([[firstSeq, onTopic!.event.id]]);
    expect(listed.body.items[0]!.event).toEqual(streamed);
    live.close();
  });

  it('given a case worker who missed three referrals, when the stream is opened again with Last-Event-ID, then exactly those three arrive, in order, once', async () => {
    // given
    const subjectId = randomUUID();
    const missed = [referral(subjectId), referral(subjectId), referral(subjectId)];
    await publish(missed);
    const stored = await storedFor(
      missed.map((e) => e.data.referralId),
      firstSeq,
    );

    // when
    const resumed = await stream('/v1/inbox/stream', {
      authorization: `Bearer ${shelterWorker()}`,
      'last-event-id': String(firstSeq),
    });
    const byQuery = await stream(`/v1/inbox/stream?lastEventId=${firstSeq}`, {
      authorization: `Bearer ${shelterWorker()}`,
    });

    // then
    for (const s of [resumed, byQuery]) {
      await s.waitFor((x) => x.messages.length >= 3, 60_000, 'the three missed referrals');
      // Heartbeats come every second: two of them mean the replay is over and nothing more is coming.
      const heartbeats = s.comments.filter((c) => c.startsWith('heartbeat')).length;
      await s.waitFor(
        (x) => x.comments.filter((c) => c.startsWith('heartbeat')).length >= heartbeats + 2,
        30_000,
        'two heartbeats',
      );
      expect(s.messages.map((m) => Number(m.id))).toEqual(stored.map((i) => i.seq));
      expect(s.messages.map((_, i) => parse(s, i).data.referralId)).toEqual(
        missed.map((e) => e.data.referralId),
      );
    }
  });

  it('given items for the shelter, when another partner’s case worker reads the stream and the inbox, then nothing of the shelter’s is there', async () => {
    // given
    const shelterItems = await inbox(shelterWorker());
    expect(shelterItems.body.items.length).toBe(4);

    // when
    const other = await stream('/v1/inbox/stream', { authorization: `Bearer ${hospitalWorker()}` });
    await other.waitFor(
      (s) => s.comments.filter((c) => c.startsWith('heartbeat')).length >= 2,
      30_000,
      'two heartbeats',
    );
    const page = await inbox(hospitalWorker());

    // then
    expect(other.status).toBe(200);
    expect(other.messages).toEqual([]);
    expect(page).toEqual({ status: 200, body: { items: [], next: 0 } });
  });

  it('given a stream ticket, then it opens the stream once, a second use and an expired ticket are refused, and no credential is refused', async () => {
    // given
    const issue = async () => {
      const response = await fetch(url('/v1/inbox/stream-tickets'), {
        method: 'POST',
        headers: { authorization: `Bearer ${shelterWorker()}` },
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { ticket: string; expiresAt: string; streamUrl: string };
    };
    const issued = await issue();
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.streamUrl).toBe(`/v1/inbox/stream?ticket=${issued.ticket}`);
    expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now());

    // when / then: first use opens the shelter's stream (its stored items replay)
    const first = await stream(issued.streamUrl);
    expect(first.status).toBe(200);
    await first.waitFor((s) => s.messages.length >= 4, 30_000, 'the shelter’s four items');
    first.close();

    const second = await stream(issued.streamUrl);
    expect(second.status).toBe(401);
    expect(second.body).toMatchObject({ statusCode: 401, code: 'invalid_ticket' });

    const late = await issue();
    await new Promise((r) => setTimeout(r, (TICKET_TTL_SECONDS + 1) * 1000));
    const expired = await stream(late.streamUrl);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ statusCode: 401, code: 'invalid_ticket' });

    const anonymous = await stream('/v1/inbox/stream');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'missing_token' });

    const systemToken = await fetch(url('/v1/inbox/stream-tickets'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token(SHELTER, 'ngo', ['partner-system'])}` },
    });
    expect(systemToken.status).toBe(403);
  });

  it('given a one-second heartbeat setting, when a stream is idle, then heartbeat comments arrive', async () => {
    // when
    const idle = await stream(`/v1/inbox/stream?lastEventId=999999999`, {
      authorization: `Bearer ${shelterWorker()}`,
    });

    // then
    await idle.waitFor((s) => s.comments.some((c) => c.startsWith('heartbeat')), 30_000, 'a heartbeat');
    expect(idle.messages).toEqual([]);
  });

  it('given a malformed Last-Event-ID or paging parameter, then 400 names the field', async () => {
    // when
    const bad = await stream('/v1/inbox/stream', {
      authorization: `Bearer ${shelterWorker()}`,
      'last-event-id': 'yesterday',
    });
    const badLimit = await inbox(shelterWorker(), '?limit=0');

    // then
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, errors: [{ field: 'Last-Event-ID' }] });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({ statusCode: 400, errors: [{ field: 'limit' }] });
  });
});
