/**
 * Taking a partner's access away, at once, against the run's real broker and
 * Postgres: with the gateway, intake and the audit app running, a partner is
 * suspended, reinstated and removed with the CLI's commands, and within 5 s
 * of each command its API tokens (every role), its open inbox
 * stream and stream tickets, its Kafka login and its open producer, and its
 * inbound topic are refused — or, on reinstatement, accepted again.
 *
 * The partner is onboarded by this suite (`addPartner`), so the SCRAM user
 * and ACLs it deletes belong to no other suite.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import type { Role } from '@beacon/auth';
import { loadExamples, withOriginator } from '@beacon/contracts';
import {
  encodeCloudEvent,
  partnerSource,
  topicsFor,
  type CloudEvent,
  type TopicRegistry,
} from '@beacon/messaging';
import { REPO_ROOT } from '../../scripts/lib/paths';
import type { RunningApp } from '../../scripts/lib/stack';
import {
  addPartner,
  reinstatePartner,
  removePartner,
  suspendPartner,
  type AdminConnection,
  type OnboardedPartner,
} from '../../scripts/cli/partner-commands';
import { collect, type Collected } from '../support/collect';
import { eventually } from '../support/eventually';
import { openSse, type SseStream } from '../support/sse';
import {
  auditorHeaders,
  caFile,
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';

/** A partner only this suite knows. */
const PARTNER = 'eastport-police';
/** Another partner, active all along: what happens to one partner must not touch another. */
const OTHER = 'safe-harbour';
/** The promise: every refusal in force within this long of the command's start. */
const DEADLINE_MS = 5_000;
const ACCESS_RECORDED = 'org.beacon.access.recorded.v1';
const REJECTED = 'org.beacon.event.rejected.v1';

const ALERT = loadExamples().find((e) => e.type === 'org.beacon.alert.raised.v1')?.payload;

/** An alert from `partnerId` about a fresh subject, as its system would publish it. */
function alertFrom(partnerId: string): CloudEvent {
  const data = withOriginator('org.beacon.alert.raised.v1', structuredClone(ALERT), partnerId) as {
    subject: { subjectId: string };
  };
  data.subject.subjectId = randomUUID();
  return {
    id: randomUUID(),
    source: partnerSource(partnerId),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: data.subject.subjectId,
    datacontenttype: 'application/json',
    data,
  };
}

interface Refusal {
  status: number;
  code?: string;
  message?: string;
}

describe('partner offboarding: suspension, reinstatement and removal take effect within 5 s', () => {
  const stack = loadTestStack();
  const issuer = testIssuer(stack);
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let conn: AdminConnection;
  let scratch: string;
  let onboarded: OnboardedPartner;
  let gatewayUrl = '';
  let reader: Kafka;
  const apps: RunningApp[] = [];
  const streams: SseStream[] = [];
  const producers: Producer[] = [];
  /** Correlation ids of the requests refused for the partner's standing, and the reason each must carry. */
  const refusedRequests = new Map<string, string>();

  const tokenOf = (role: Role, partnerId = PARTNER) =>
    issuer.mint(
      {
        subject: `${role}@${partnerId}`,
        partnerId,
        sector: partnerId === PARTNER ? 'law-enforcement' : 'ngo',
        roles: [role],
      },
      900,
    );
  const credentials = { issuer, credentialsDir: '' };

  /**
   * Calls the gateway as `role` of the partner on a route that role may use;
   * returns status, code and message. The partner system's POST carries no
   * body (it only has to pass or fail the guard).
   */
  async function callAs(role: Role, token = tokenOf(role), correlationId = randomUUID()): Promise<Refusal> {
    const route: Record<Role, { method: string; path: string }> = {
      'partner-system': { method: 'POST', path: '/v1/events' },
      'case-worker': { method: 'GET', path: '/v1/inbox' },
      supervisor: { method: 'GET', path: '/v1/inbox' },
      auditor: { method: 'GET', path: '/v1/audit/records?limit=1' },
      admin: { method: 'GET', path: '/v1/me' },
    };
    const { method, path } = route[role];
    const request = () =>
      fetch(`${gatewayUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-request-id': correlationId },
      });
    // A kept-alive connection left idle through a command (seconds) may be
    // closed by the server's keep-alive timeout just as it is reused; that
    // request never reached the gateway, so it is sent once more.
    const response = await request().catch((error: Error) => {
      if (!/other side closed|ECONNRESET/.test(String((error.cause as Error | undefined)?.message ?? error)))
        throw error;
      return request();
    });
    const answer = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    return { status: response.status, code: answer.code, message: answer.message };
  }

  async function openInboxStream(headers: Record<string, string>, query = ''): Promise<SseStream> {
    const stream = await openSse(`${gatewayUrl}/v1/inbox/stream${query}`, headers);
    streams.push(stream);
    return stream;
  }

  async function issueTicket(token: string): Promise<{ status: number; ticket?: string; code?: string }> {
    const response = await fetch(`${gatewayUrl}/v1/inbox/stream-tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { ticket?: string; code?: string };
    return { status: response.status, ...body };
  }

  /** A producer logged in with the partner's current Kafka password. */
  async function partnerProducer(partner: OnboardedPartner): Promise<Producer> {
    const producer = kafkaAs(partner.kafka, `${PARTNER}-rms-${randomUUID().slice(0, 8)}`).producer({
      allowAutoTopicCreation: false,
      retry: { retries: 1 },
    });
    producers.push(producer);
    await producer.connect();
    return producer;
  }

  /** Sends one alert of the partner through `producer`; resolves with the error when Kafka refuses it. */
  async function sendThrough(producer: Producer): Promise<Error | undefined> {
    try {
      await producer.send({
        topic: topics.inbound(PARTNER),
        acks: -1,
        messages: [encodeCloudEvent(alertFrom(PARTNER))],
      });
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  /** Writes an event of the partner to its inbound topic as the admin: what slipped in before its ACLs went. */
  async function slipIn(): Promise<CloudEvent> {
    const event = alertFrom(PARTNER);
    const producer = kafkaAs(stack.kafka.admin, `${ns.namespace}-slip`).producer();
    await producer.connect();
    try {
      await producer.send({ topic: topics.inbound(PARTNER), acks: -1, messages: [encodeCloudEvent(event)] });
    } finally {
      await producer.disconnect();
    }
    return event;
  }

  /** What intake did with an event of the partner: its rejection, and whether it reached the canonical log. */
  async function fateOf(eventId: string, timeoutMs: number) {
    const about = (seen: readonly Collected[]) =>
      seen.filter(
        (c) => c.event.id === eventId || (c.event.type === REJECTED && c.event.causationid === eventId),
      );
    const seen = about(
      await collect(reader, [topics.events, topics.rejections(PARTNER)], {
        until: (all) => about(all).length > 0,
        settleMs: 1_000,
        timeoutMs,
      }),
    );
    return {
      admitted: seen.some((c) => c.topic === topics.events),
      rejection: seen.find((c) => c.topic === topics.rejections(PARTNER))?.event.data as
        { reasons: { pointer: string; message: string }[] } | undefined,
    };
  }

  /**
   * Runs a command, then the probes that must all hold within
   * {@link DEADLINE_MS} of its return, polled side by side.
   */
  async function withinDeadline<T>(
    command: () => Promise<T>,
    probes: ((remainingMs: number) => Promise<unknown>)[],
  ): Promise<T> {
    const result = await command();
    const returned = Date.now();
    const remaining = () => DEADLINE_MS - (Date.now() - returned);
    await Promise.all(probes.map((probe) => probe(remaining())));
    return result;
  }

  const waitRefused = (role: Role, reason: string) => (remainingMs: number) =>
    eventually(
      `${role} refused`,
      () => callAs(role),
      (answer) => answer.status === 401 && answer.message === `partner_inactive: ${reason}`,
      remainingMs,
    );

  const waitStreamClosed = (stream: SseStream, reason: string) => (remainingMs: number) =>
    stream.waitFor(
      (s) => s.ended && s.messages.some((m) => m.event === 'stream-closed' && m.data.includes(reason)),
      remainingMs,
      'the inbox stream ended with stream-closed',
    );

  const waitProduceRefused = (producer: Producer) => (remainingMs: number) =>
    eventually(
      'a send on the open connection refused',
      () => sendThrough(producer).then((error) => error?.message ?? 'sent'),
      (outcome) => /not authorized|authoriz/i.test(outcome),
      remainingMs,
    );

  beforeAll(async () => {
    if (stack.kafka.external) throw new Error('offboarding suites need the broker that npm test starts');
    ns = await SuiteNamespace.create(stack, [OTHER]);
    topics = topicsFor(ns.namespace);
    reader = kafkaAs(stack.kafka.admin, `${ns.namespace}-reader`);
    const kafka = kafkaAs(stack.kafka.admin, `${ns.namespace}-cli`);
    const admin = kafka.admin();
    await admin.connect();
    conn = { kafka, admin, access: stack.kafka.admin, namespace: ns.namespace };
    scratch = mkdtempSync(join(tmpdir(), 'beacon-offboarding-'));
    credentials.credentialsDir = join(scratch, 'partners');
    onboarded = await addPartner(
      conn,
      { id: PARTNER, sector: 'law-enforcement', name: 'Eastport Police' },
      credentials,
    );
    const audit = await startApp(stack, 'audit', ns.namespace, {
      AUDIT_SIGNING_KEY_FILE: join(scratch, 'audit-signing-key.pem'),
    });
    apps.push(audit);
    apps.push(await startApp(stack, 'intake', ns.namespace, { INTAKE_TOPIC_REFRESH_SECONDS: '2' }));
    const gateway = await startApp(stack, 'gateway', ns.namespace, {
      AUDIT_URL: `http://127.0.0.1:${audit.port}`,
      INBOX_HEARTBEAT_SECONDS: '2',
    });
    apps.push(gateway);
    gatewayUrl = `http://127.0.0.1:${gateway.port}`;
  }, 240_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
    await Promise.all(apps.map((app) => app.stop()));
    await conn?.admin.disconnect();
    if (ns) {
      await withDatabase(stack, (db) =>
        db.query(
          `DROP SCHEMA IF EXISTS "${ns.namespace}_audit" CASCADE; DROP SCHEMA IF EXISTS "${ns.namespace}_gateway" CASCADE`,
        ),
      );
      await ns.dispose();
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('given the partner just onboarded, then every role of it is let in and what it publishes is admitted', async () => {
    // then: each role reaches its route
    expect((await callAs('case-worker')).status).toBe(200);
    expect((await callAs('supervisor')).status).toBe(200);
    expect((await callAs('auditor')).status).toBe(200);
    // POST /v1/events without a body passes the guard and is refused for its body, not for the caller.
    expect(await callAs('partner-system')).not.toMatchObject({ code: 'partner_inactive' });

    // and its own Kafka principal publishes, and intake admits it
    const producer = await partnerProducer(onboarded);
    const event = alertFrom(PARTNER);
    await producer.send({ topic: topics.inbound(PARTNER), acks: -1, messages: [encodeCloudEvent(event)] });
    await expect(fateOf(event.id, 60_000)).resolves.toEqual({ admitted: true, rejection: undefined });
  });

  it('given a partner with a connected producer and an open inbox stream, when it is suspended, then within 5 s its tokens, stream and Kafka access are refused', async () => {
    // given
    const producer = await partnerProducer(onboarded);
    expect(await sendThrough(producer)).toBeUndefined();
    const stream = await openInboxStream({ authorization: `Bearer ${tokenOf('case-worker')}` });
    expect(stream.status).toBe(200);
    const otherStream = await openInboxStream({ authorization: `Bearer ${tokenOf('case-worker', OTHER)}` });
    const ticket = await issueTicket(tokenOf('case-worker'));
    expect(ticket.status).toBe(201);
    const reason = `partner ${PARTNER} is suspended`;

    // when
    await withinDeadline(
      () => suspendPartner(conn, PARTNER, credentials),
      [
        ...(['partner-system', 'case-worker', 'supervisor', 'auditor'] as const).map((role) =>
          waitRefused(role, reason),
        ),
        waitStreamClosed(stream, reason),
        waitProduceRefused(producer),
      ],
    );

    // then
    const closing = stream.messages.find((m) => m.event === 'stream-closed');
    expect(JSON.parse(closing?.data ?? '{}')).toEqual({ code: 'partner_inactive', reason });
    // A stream ticket issued before the suspension opens nothing, and no new one is issued.
    const withTicket = await openInboxStream({}, `?ticket=${encodeURIComponent(ticket.ticket ?? '')}`);
    expect(withTicket).toMatchObject({
      status: 401,
      body: { code: 'partner_inactive', message: `partner_inactive: ${reason}` },
    });
    await expect(issueTicket(tokenOf('case-worker'))).resolves.toMatchObject({
      status: 401,
      code: 'partner_inactive',
    });
    // A new login with its password fails: the SCRAM credential is gone.
    await expect(partnerProducer(onboarded)).rejects.toThrow(/authenticat|SASL/i);
    // Its credentials file is gone with it; another partner is untouched.
    expect(() => statSync(onboarded.file)).toThrow();
    expect(otherStream.ended).toBe(false);
    expect((await callAs('case-worker', tokenOf('case-worker', OTHER))).status).toBe(200);
  });

  it('given the partner suspended, when an event of it reaches its inbound topic anyway, then intake refuses it with the reason and it never reaches the canonical log', async () => {
    // when
    const event = await slipIn();

    // then
    const fate = await fateOf(event.id, DEADLINE_MS);
    expect(fate.admitted).toBe(false);
    expect(fate.rejection?.reasons).toEqual([
      { pointer: '', message: `partner ${PARTNER} is suspended: its events are not admitted` },
    ]);
  });

  it('given refusals of the suspended partner, then each is on the access trail with its reason', async () => {
    // given
    const reason = `partner_inactive: partner ${PARTNER} is suspended`;
    for (const role of ['case-worker', 'auditor'] as const) {
      const correlationId = randomUUID();
      expect(await callAs(role, tokenOf(role), correlationId)).toMatchObject({
        status: 401,
        message: reason,
      });
      refusedRequests.set(correlationId, reason);
    }

    // then
    const mine = (seen: readonly Collected[]) =>
      seen.filter(
        (c) => c.event.type === ACCESS_RECORDED && refusedRequests.has(c.event.correlationid ?? ''),
      );
    const records = mine(
      await collect(reader, topics.audit, {
        until: (seen) => mine(seen).length >= refusedRequests.size,
        settleMs: 0,
        timeoutMs: 60_000,
      }),
    );
    expect(records).toHaveLength(refusedRequests.size);
    for (const record of records)
      expect(record.event.data).toMatchObject({
        outcome: 'denied',
        status: 401,
        reason: refusedRequests.get(record.event.correlationid ?? ''),
        principal: { partnerId: PARTNER },
      });
  });

  it('given the suspension repeated, then it succeeds again (a credential already gone is no error)', async () => {
    // when / then
    await expect(suspendPartner(conn, PARTNER, credentials)).resolves.toMatchObject({ suspended: PARTNER });
  });

  it('given the partner suspended, when it is reinstated, then within 5 s of the command its tokens, a new stream and a new Kafka password work, and what it publishes is admitted again', async () => {
    // when
    const before = onboarded;
    onboarded = await reinstatePartner(conn, PARTNER, credentials);
    await eventually(
      'case worker let in again',
      () => callAs('case-worker'),
      (a) => a.status === 200,
      DEADLINE_MS,
    );

    // then: a new password in a private file; the old one no longer logs in
    expect(onboarded.kafka.sasl.password).not.toBe(before.kafka.sasl.password);
    expect(statSync(onboarded.file).mode & 0o777).toBe(0o600);
    await expect(partnerProducer(before)).rejects.toThrow(/authenticat|SASL/i);
    const producer = await partnerProducer(onboarded);
    const event = alertFrom(PARTNER);
    await producer.send({ topic: topics.inbound(PARTNER), acks: -1, messages: [encodeCloudEvent(event)] });
    await expect(fateOf(event.id, 60_000)).resolves.toEqual({ admitted: true, rejection: undefined });
    // every role back; the new partner-system token too; a new stream opens and stays open
    expect((await callAs('supervisor')).status).toBe(200);
    expect((await callAs('auditor')).status).toBe(200);
    expect(await callAs('partner-system', onboarded.token)).not.toMatchObject({ code: 'partner_inactive' });
    const stream = await openInboxStream({ authorization: `Bearer ${tokenOf('case-worker')}` });
    expect(stream.status).toBe(200);
    await stream.waitFor((s) => s.comments.some((c) => c.startsWith('heartbeat')), 10_000, 'a heartbeat');
    expect(stream.ended).toBe(false);
  });

  it('given the partner active again, when it is removed, then within 5 s the same refusals hold, and the directory lists it removed while its audit history stays queryable', async () => {
    // given
    const producer = await partnerProducer(onboarded);
    expect(await sendThrough(producer)).toBeUndefined();
    const stream = await openInboxStream({ authorization: `Bearer ${tokenOf('supervisor')}` });
    expect(stream.status).toBe(200);
    const reason = `partner ${PARTNER} is removed`;

    // when
    await withinDeadline(
      () => removePartner(conn, PARTNER, credentials),
      [
        ...(['partner-system', 'case-worker', 'supervisor', 'auditor'] as const).map((role) =>
          waitRefused(role, reason),
        ),
        waitStreamClosed(stream, reason),
        waitProduceRefused(producer),
      ],
    );

    // then: no login, no stream, nothing admitted
    await expect(partnerProducer(onboarded)).rejects.toThrow(/authenticat|SASL/i);
    expect(await callAs('partner-system', onboarded.token)).toMatchObject({
      status: 401,
      code: 'partner_inactive',
    });
    const slipped = await slipIn();
    const fate = await fateOf(slipped.id, DEADLINE_MS);
    expect(fate.admitted).toBe(false);
    expect(fate.rejection?.reasons[0]?.message).toBe(`${reason}: its events are not admitted`);
    // `partner list` shows it removed
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/cli/beacon.mjs'), 'partner', 'list'], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: stack.kafka.admin.brokers.join(','),
        KAFKA_SASL_MECHANISM: stack.kafka.admin.sasl?.mechanism,
        KAFKA_SASL_USERNAME: stack.kafka.admin.sasl?.username,
        KAFKA_SASL_PASSWORD: stack.kafka.admin.sasl?.password,
        KAFKA_SSL_CA_FILE: caFile(stack.kafka.admin),
        BEACON_TOPIC_NAMESPACE: ns.namespace,
      },
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(
      new RegExp(`^${PARTNER}\\s+law-enforcement\\s+removed\\s+Eastport Police$`, 'm'),
    );
    expect(cli.stdout).toMatch(new RegExp(`^${OTHER}\\s+ngo\\s+active\\s`, 'm'));
    // The operator's auditor still finds the partner's history, its refusals included.
    const history = await eventually(
      'the removed partner’s access records in the audit store',
      async () => {
        const response = await fetch(
          `${gatewayUrl}/v1/audit/records?partner=${PARTNER}&outcome=denied&limit=100`,
          {
            headers: auditorHeaders(stack),
          },
        );
        return {
          status: response.status,
          correlationIds: (
            (await response.json()) as { records?: { correlationId?: string }[] }
          ).records?.map((r) => r.correlationId),
        };
      },
      (answer) => [...refusedRequests.keys()].every((id) => answer.correlationIds?.includes(id)),
      60_000,
    );
    expect(history.status).toBe(200);
    // Its topics were kept (no --delete-topics).
    expect(await conn.admin.listTopics()).toEqual(
      expect.arrayContaining([topics.inbound(PARTNER), topics.deliver(PARTNER)]),
    );
  });

  it('given the partner removed, then reinstating it is refused (it is onboarded again with partner add)', async () => {
    // when / then
    await expect(reinstatePartner(conn, PARTNER, credentials)).rejects.toThrow(
      `partner "${PARTNER}" was removed; onboard it again with \`beacon partner add\``,
    );
  });
});
