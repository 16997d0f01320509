import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  generateSigningKey,
  issueToken,
  writeJwksFile,
  type Role,
  type Sector,
  type SigningJwk,
} from '@beacon/auth';
import { loadExamples } from '@beacon/contracts';
import { partnerSource, topicsFor, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { collect, type Collected } from '../support/collect';
import { kafkaAs, loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

const ISSUER = 'urn:beacon:test';
const AUDIENCE = 'beacon';
const ALERT_TYPE = 'org.beacon.alert.raised.v1';
const ALERTS = loadExamples()
  .filter((e) => e.type === ALERT_TYPE)
  .map((e) => e.payload as Record<string, unknown> & { subject: Record<string, unknown> });

/** A structured-mode alert from `partnerId` about a fresh subject, as a partner would POST it. */
function alertFrom(
  partnerId: string,
  seq: number,
  dataPatch: Record<string, unknown> = {},
): Record<string, unknown> {
  const example = ALERTS[seq % ALERTS.length];
  const subject = randomUUID();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: partnerSource(partnerId),
    type: ALERT_TYPE,
    time: new Date().toISOString(),
    subject,
    datacontenttype: 'application/json',
    correlationid: `flow-${seq}`,
    data: {
      ...example,
      raisedBy: {
        ...(example.raisedBy as object),
        organisation: { partnerId, name: partnerId, sector: 'law-enforcement' },
      },
      subject: { ...example.subject, subjectId: subject },
      ...dataPatch,
    },
  };
}

const idsOf = (events: readonly Record<string, unknown>[]) => events.map((event) => event.id as string);

describe('gateway ingest: partners without a Kafka client POST CloudEvents', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let keysDir: string;
  let signingKey: SigningJwk;
  let gateway: RunningApp;
  let intake: RunningApp;
  let baseUrl: string;
  const reader = () => kafkaAs(stack.kafka.admin, 'gateway-ingest-e2e-reader');

  function tokenFor(partnerId: string, roles: [Role, ...Role[]], sector: Sector = 'law-enforcement'): string {
    return issueToken({
      privateJwk: signingKey,
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 600,
      principal: { subject: `${partnerId}:system`, partnerId, sector, roles },
    });
  }

  async function post(
    body: unknown,
    options: { token?: string; contentType?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/cloudevents-batch+json',
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour']);
    topics = topicsFor(ns.namespace);
    keysDir = mkdtempSync(join(tmpdir(), 'beacon-ingest-keys-'));
    const { privateJwk, publicJwk } = generateSigningKey('ingest-test', 'ES256');
    signingKey = privateJwk;
    writeJwksFile(join(keysDir, 'jwks.json'), [publicJwk]);
    gateway = await startApp(stack, 'gateway', ns.namespace, {
      AUTH_JWKS_FILE: join(keysDir, 'jwks.json'),
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    intake = await startApp(stack, 'intake', ns.namespace, { INTAKE_TOPIC_REFRESH_SECONDS: '2' });
    baseUrl = `http://127.0.0.1:${gateway.port}`;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), intake?.stop()]);
    if (!ns) return;
    await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_gateway" CASCADE`));
    rmSync(keysDir, { recursive: true, force: true });
    await ns.dispose();
  });

  it('given a partner-system token, when it POSTs a batch of three valid alerts, then 202 names them and intake puts them on the canonical log as that partner’s', async () => {
    // given
    const batch = [0, 1, 2].map((seq) => alertFrom('metro-police', seq));

    // when
    const response = await post(batch, { token: tokenFor('metro-police', ['partner-system']) });

    // then
    expect(response).toEqual({
      status: 202,
      body: { accepted: true, ids: idsOf(batch), topic: topics.inbound('metro-police') },
    });
    const wanted = new Set(idsOf(batch));
    const onLog = (
      await collect(reader(), topics.events, {
        until: (seen) => seen.filter((c) => wanted.has(c.event.id)).length >= wanted.size,
      })
    ).filter((c) => wanted.has(c.event.id));
    expect(onLog).toHaveLength(3);
    for (const sent of batch) {
      const got = onLog.find((c) => c.event.id === sent.id) as Collected;
      expect(got.event).toMatchObject({
        source: partnerSource('metro-police'),
        subject: sent.subject,
        correlationid: sent.correlationid,
        partnerid: 'metro-police',
        dataschema: `https://schemas.beacon.example/${ALERT_TYPE}.json`,
        data: sent.data,
      });
      expect(got.message.key?.toString()).toBe(sent.subject);
    }
  });

  it('given a batch with one bad event, when it is POSTed, then 422 names its index and pointer and none of the batch reaches the inbound topic', async () => {
    // given
    const batch = [
      alertFrom('metro-police', 10),
      alertFrom('metro-police', 11, { urgency: 'whenever' }),
      alertFrom('metro-police', 12),
    ];
    const token = tokenFor('metro-police', ['partner-system']);

    // when
    const refused = await post(batch, { token });

    // then
    expect(refused).toEqual({
      status: 422,
      body: {
        accepted: false,
        errors: [
          {
            index: 1,
            id: batch[1].id,
            reasons: [
              { pointer: '/data/urgency', message: 'must be one of: routine, priority, urgent, emergency' },
            ],
          },
        ],
      },
    });
    // A marker sent after the refusal: once it is on the topic, anything written before it is readable too.
    const marker = alertFrom('metro-police', 13);
    const accepted = await post(marker, { token, contentType: 'application/cloudevents+json' });
    expect(accepted).toMatchObject({ status: 202, body: { ids: [marker.id] } });
    const inbound = await collect(reader(), topics.inbound('metro-police'), {
      until: (seen) => seen.some((c) => c.event.id === marker.id),
      settleMs: 3000,
    });
    const onTopic = new Set(inbound.map((c) => c.event.id));
    expect(onTopic.has(marker.id as string)).toBe(true);
    expect(idsOf(batch).filter((id) => onTopic.has(id))).toEqual([]);
  });

  it('given a partner’s token, when it POSTs events in another partner’s name, then 422 names the source', async () => {
    // given
    const event = alertFrom('metro-police', 20);

    // when
    const response = await post([event], { token: tokenFor('safe-harbour', ['partner-system'], 'ngo') });

    // then
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      accepted: false,
      errors: [{ index: 0, id: event.id, reasons: [{ pointer: '/headers/ce_source' }] }],
    });
  });

  it('given an application/json batch well over the app-wide 100 kB parser limit, when POSTed, then the route’s own limits apply and it is accepted', async () => {
    // given: 50 alerts with full narratives, about 300 kB
    const batch = Array.from({ length: 50 }, (_, seq) =>
      alertFrom('metro-police', 30 + seq, { narrative: 'n'.repeat(3900) }),
    );
    expect(JSON.stringify(batch).length).toBeGreaterThan(200_000);

    // when
    const response = await post(batch, {
      token: tokenFor('metro-police', ['partner-system']),
      contentType: 'application/json; charset=utf-8',
    });

    // then
    expect(response).toMatchObject({ status: 202, body: { accepted: true, ids: idsOf(batch) } });
  });

  it('given a token with the case-worker role only, when it POSTs, then 403', async () => {
    // when
    const response = await post([alertFrom('safe-harbour', 40)], {
      token: tokenFor('safe-harbour', ['case-worker'], 'ngo'),
    });

    // then
    expect(response).toMatchObject({ status: 403, body: { code: 'insufficient_role' } });
  });

  it('given no token, when it POSTs, then 401 before the body is looked at', async () => {
    // when
    const response = await post('this is not even JSON');

    // then
    expect(response).toMatchObject({ status: 401, body: { code: 'missing_token' } });
  });

  it('given bodies that are not a batch of events, then each gets the status that says why', async () => {
    // given
    const token = tokenFor('metro-police', ['partner-system']);

    // when
    const empty = await post([], { token });
    const notJson = await post('[{"id": ', { token });
    const tooMany = await post(
      Array.from({ length: 501 }, () => ({})),
      { token },
    );
    const wrongType = await post('id=1', { token, contentType: 'application/x-www-form-urlencoded' });
    const overEightMiB = await post(`["${'x'.repeat(8 * 1024 * 1024)}"]`, { token });
    const eventOverOneMiB = await post(
      alertFrom('metro-police', 50, { narrative: 'x'.repeat(1024 * 1024) }),
      {
        token,
        contentType: 'application/cloudevents+json',
      },
    );

    // then
    expect(empty).toMatchObject({
      status: 400,
      body: { message: 'the batch is empty; send between 1 and 500 events' },
    });
    expect(notJson).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^the body is not JSON/) },
    });
    expect(tooMany).toMatchObject({
      status: 400,
      body: { message: 'the batch holds 501 events; at most 500 are accepted per request' },
    });
    expect(wrongType).toMatchObject({ status: 415 });
    expect(overEightMiB).toMatchObject({ status: 413, body: { message: expect.stringMatching(/8 MiB/) } });
    expect(eventOverOneMiB).toMatchObject({ status: 413, body: { message: expect.stringMatching(/1 MiB/) } });
  });

  it('given a body that is JSON but not I-JSON, then POST /v1/events and the other JSON routes answer 400 with the pointer', async () => {
    // given: JSON.stringify writes the lone surrogate as the escape "\ud800"
    const token = tokenFor('metro-police', ['partner-system']);
    const loneSurrogate = [
      alertFrom('metro-police', 60),
      alertFrom('metro-police', 61, { narrative: 'at \ud800' }),
    ];
    const repeatedName = `{"id":"first",${JSON.stringify(alertFrom('metro-police', 62)).slice(1)}`;

    // when
    const surrogateAnswer = await post(loneSurrogate, { token });
    const repeatedAnswer = await post(repeatedName, { token, contentType: 'application/cloudevents+json' });
    const consentAnswer = await fetch(`${baseUrl}/v1/consents`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokenFor('metro-police', ['case-worker'])}`,
      },
      body: '{"subjectId":"a","subjectId":"b"}',
    });

    // then
    expect(surrogateAnswer).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        pointer: '/1/data/narrative',
        message:
          '/1/data/narrative: string contains a lone surrogate (U+D800); I-JSON (RFC 7493) requires valid Unicode',
      },
    });
    expect(repeatedAnswer).toMatchObject({
      status: 400,
      body: { pointer: '/id', message: expect.stringMatching(/member name "id" occurs more than once/) },
    });
    expect(consentAnswer.status).toBe(400);
    expect(await consentAnswer.json()).toMatchObject({
      pointer: '/subjectId',
      message: expect.stringMatching(/I-JSON \(RFC 7493\) forbids duplicate names$/),
    });
  });

  it('given no token, when /asyncapi.yaml is asked, then it is YAML with AsyncAPI 3.0.0 and a channel for this namespace’s events topic', async () => {
    // when
    const response = await fetch(`${baseUrl}/asyncapi.yaml`);

    // then
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    const document = parseYaml(await response.text()) as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    };
    expect(document.asyncapi).toBe('3.0.0');
    const eventsChannel = Object.values(document.channels).find(
      (channel) => channel.address === topics.events,
    );
    expect(eventsChannel?.messages).toHaveProperty([ALERT_TYPE]);
  });

  it('given no token, when /openapi.json and /docs are asked, then the ingest route is documented with its answers and bearer auth', async () => {
    // when
    const openapi = await fetch(`${baseUrl}/openapi.json`);
    const docs = await fetch(`${baseUrl}/docs`);

    // then
    expect(openapi.status).toBe(200);
    const document = (await openapi.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    const ingest = document.paths['/v1/events']?.post;
    expect(Object.keys(ingest?.responses ?? {}).sort()).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '413', '422']),
    );
    expect(ingest?.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
