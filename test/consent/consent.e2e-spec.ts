/**
 * The gateway's consent API against the run's real broker and Postgres: a
 * case worker records and revokes a consent over HTTP, the rows land in the
 * gateway's schema, and the outbox relay publishes each change, in order,
 * to the namespace's canonical log. The shelter may record the consent
 * because a school's alert about the subject reached it (intake and
 * redaction run for that), and since the consent opens data to the
 * shelter's own sector, a supervisor of the shelter confirms it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, issueToken, writeJwksFile, type Principal, type SigningJwk } from '@beacon/auth';
import { loadExamples, type ConsentGrantedV1Data } from '@beacon/contracts';
import { encodeCloudEvent, topicsFor } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import { eventually } from '../support/eventually';
import { kafkaAs, loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

const ISSUER = 'urn:beacon:test';
const AUDIENCE = 'beacon';
const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
  name: 'Kwame Mensah',
};
const supervisor: Principal = {
  subject: 'supervisor:2',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['supervisor'],
};
const partnerSystem: Principal = {
  subject: 'system:safe-harbour',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['partner-system'],
};
const otherCaseWorker: Principal = {
  subject: 'officer:3',
  partnerId: 'metro-police',
  sector: 'law-enforcement',
  roles: ['case-worker'],
};

/** The adult's consent from schemas/examples (grantees: sector ngo and sector health-care), with fresh ids. */
function consentBody(consentId: string, subjectId: string): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'adult-permits-ngo-and-health-care-denies-research');
  if (example === undefined) throw new Error('the adult consent example is missing from schemas/examples');
  return {
    ...structuredClone(example.payload as ConsentGrantedV1Data),
    consentId,
    subjectId,
    recordedBy: {
      organisation: { partnerId: 'safe-harbour', name: 'Safe Harbour Shelter', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah', role: 'Modern Slavery Navigator' },
    },
  };
}

interface Answer {
  status: number;
  // The gateway's JSON, read loosely: each test states the fields it relies on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('consent API: recorded in Postgres, announced on the canonical log through the outbox', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let keysDir: string;
  let signingKey: SigningJwk;
  let gateway: RunningApp | undefined;
  const apps: RunningApp[] = [];
  const consentId = randomUUID();
  const subjectId = randomUUID();
  const correlationId = `consent-e2e-${randomUUID()}`;

  /** The consent's data once the supervisor confirmed it: as sent, and naming who confirmed it, when. */
  const confirmedBody = () => ({
    ...consentBody(consentId, subjectId),
    confirmedBy: { workerId: 'supervisor:2', confirmedAt: expect.any(String) },
  });

  function tokenFor(principal: Principal): string {
    return issueToken({
      privateJwk: signingKey,
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 600,
      principal,
    });
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    principal: Principal,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${(gateway as RunningApp).port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokenFor(principal)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** Every event on the namespace's canonical log about `subject`, once `until` holds of them. */
  async function eventsAbout(
    subject: string,
    until: (events: Collected[]) => boolean,
    settleMs = 500,
  ): Promise<Collected[]> {
    const seen = await collect(
      kafkaAs(stack.kafka.admin, `${ns.namespace}-collect`),
      topicsFor(ns.namespace).events,
      {
        until: (all) => until(all.filter((c) => c.event.subject === subject && isConsentEvent(c))),
        settleMs,
        timeoutMs: 30_000,
      },
    );
    return seen.filter((c) => c.event.subject === subject && isConsentEvent(c));
  }

  // The school's alert about the subject is on the log too; these tests are about the consent's events.
  const isConsentEvent = (c: Collected) => c.event.type.startsWith('org.beacon.consent.');

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    keysDir = mkdtempSync(join(tmpdir(), 'beacon-consent-keys-'));
    const { privateJwk, publicJwk } = generateSigningKey('consent-test', 'ES256');
    signingKey = privateJwk;
    writeJwksFile(join(keysDir, 'jwks.json'), [publicJwk]);
    gateway = await startApp(stack, 'gateway', ns.namespace, {
      AUTH_JWKS_FILE: join(keysDir, 'jwks.json'),
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    // The school raises an alert about the subject; it reaches the shelter, which then holds a relationship.
    const school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
    await school.send({
      topic: topicsFor(ns.namespace).inbound('northside-school'),
      messages: [encodeCloudEvent(schoolAlert('consent-e2e-relationship', subjectId))],
    });
    await school.disconnect();
    await eventually(
      'the shelter’s relationship with the subject',
      () =>
        withDatabase(stack, (db) =>
          db.query(
            `SELECT 1 FROM "${ns.namespace}_redaction".subject_relationships WHERE subject_id = $1 AND partner_id = 'safe-harbour'`,
            [subjectId],
          ),
        ).catch(() => ({ rowCount: 0 })),
      (result) => (result.rowCount ?? 0) > 0,
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await gateway?.stop();
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
    }
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
    await ns?.dispose();
  });

  it('given a valid consent from a case worker, when POSTed, then it answers 201 with the consent id, pending its confirmation', async () => {
    // when
    const answer = await call('POST', '/v1/consents', caseWorker, consentBody(consentId, subjectId), {
      'x-correlation-id': correlationId,
    });

    // then
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      consentId,
      consent: { consentId, subjectId, status: 'pending', confirmation: { required: true } },
    });
    expect(answer.body).not.toHaveProperty('eventId');
  });

  it('given the pending consent, when a supervisor of the shelter confirms it, then it answers 200 with its event id and the consent is active', async () => {
    // when
    const answer = await call('POST', `/v1/consents/${consentId}/confirm`, supervisor, undefined, {
      'x-correlation-id': correlationId,
    });

    // then
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      consentId,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      consent: { consentId, subjectId, status: 'active' },
    });
  });

  it('given the recorded consent, when the subject’s consents are listed, then it is there, active, every grantee in force', async () => {
    // when
    const answer = await call('GET', `/v1/subjects/${subjectId}/consents`, caseWorker);

    // then
    expect(answer.status).toBe(200);
    expect(answer.body.subjectId).toBe(subjectId);
    expect(answer.body.consents).toHaveLength(1);
    expect(answer.body.consents[0]).toMatchObject({
      consentId,
      status: 'active',
      grantedAt: '2025-03-15T09:55:00Z',
      recordedBy: { partnerId: 'safe-harbour', subject: 'worker:7' },
      grantees: [
        { grantee: { kind: 'sector', sector: 'ngo' }, status: 'active' },
        { grantee: { kind: 'sector', sector: 'health-care' }, status: 'active' },
      ],
      revocations: [],
      confirmation: { required: true, confirmedBy: { partnerId: 'safe-harbour', subject: 'supervisor:2' } },
      consent: confirmedBody(),
    });
  });

  it('given the recorded consent, then its granted event is on the canonical log, keyed by the subject', async () => {
    // when
    const events = await eventsAbout(subjectId, (about) => about.length >= 1);

    // then
    expect(events).toHaveLength(1);
    const [{ message, event }] = events;
    expect(message.key?.toString()).toBe(subjectId);
    expect(event).toMatchObject({
      type: 'org.beacon.consent.granted.v1',
      source: 'urn:beacon:service:gateway',
      subject: subjectId,
      dataschema: 'https://schemas.beacon.example/org.beacon.consent.granted.v1.json',
      correlationid: correlationId,
    });
    expect(event.data).toEqual(confirmedBody());
  });

  it('given the consent, when it is revoked for health care only, then ngo stays in force and the consent stays active', async () => {
    // when
    const answer = await call('POST', `/v1/consents/${consentId}/revoke`, caseWorker, {
      grantee: { kind: 'sector', sector: 'health-care' },
      reason: 'subject-request',
      notes: 'Treatment finished; no more hospital updates.',
    });
    const listed = await call('GET', `/v1/subjects/${subjectId}/consents`, caseWorker);

    // then
    expect(answer.status).toBe(200);
    expect(answer.body.consent.status).toBe('active');
    expect(listed.body.consents[0]).toMatchObject({
      status: 'active',
      grantees: [
        { grantee: { kind: 'sector', sector: 'ngo' }, status: 'active' },
        { grantee: { kind: 'sector', sector: 'health-care' }, status: 'revoked', reason: 'subject-request' },
      ],
      revocations: [{ grantee: { kind: 'sector', sector: 'health-care' }, reason: 'subject-request' }],
    });
    expect(listed.body.consents[0]).not.toHaveProperty('revokedAt');
  });

  it('given the partial revocation, then its revoked event follows the granted one on the same partition', async () => {
    // when
    const events = await eventsAbout(subjectId, (about) => about.length >= 2);

    // then
    expect(events.map((c) => c.event.type)).toEqual([
      'org.beacon.consent.granted.v1',
      'org.beacon.consent.revoked.v1',
    ]);
    expect(new Set(events.map((c) => c.partition)).size).toBe(1);
    expect(BigInt(events[1].message.offset)).toBeGreaterThan(BigInt(events[0].message.offset));
    expect(events[1].event.data).toEqual({
      consentId,
      subjectId,
      revokedAt: expect.any(String),
      grantee: { kind: 'sector', sector: 'health-care' },
      reason: 'subject-request',
      recordedBy: {
        organisation: { partnerId: 'safe-harbour', sector: 'ngo' },
        caseWorker: { workerId: 'worker:7', name: 'Kwame Mensah' },
      },
      notes: 'Treatment finished; no more hospital updates.',
    });
  });

  it('given the partly revoked consent, when revoked wholly and then again, then the first answers 200 and the second 409', async () => {
    // when
    const whole = await call('POST', `/v1/consents/${consentId}/revoke`, caseWorker, {
      reason: 'subject-request',
    });
    const again = await call('POST', `/v1/consents/${consentId}/revoke`, caseWorker, {
      reason: 'subject-request',
    });

    // then
    expect(whole.status).toBe(200);
    expect(whole.body.consent).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(whole.body.consent.grantees.map((g: { status: string }) => g.status)).toEqual([
      'revoked',
      'revoked',
    ]);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'already_revoked' });
  });

  it('given every change, then the log holds exactly one event per change, in order, and the outbox is drained', async () => {
    // when: settle long enough that a duplicate or an event for the refused revocation would show
    const events = await eventsAbout(subjectId, (about) => about.length >= 3, 2_000);

    // then
    expect(events.map((c) => c.event.type)).toEqual([
      'org.beacon.consent.granted.v1',
      'org.beacon.consent.revoked.v1',
      'org.beacon.consent.revoked.v1',
    ]);
    expect(events[2].event.data).not.toHaveProperty('grantee');
    expect(new Set(events.map((c) => c.partition)).size).toBe(1);
    expect(new Set(events.map((c) => c.event.id)).size).toBe(3);
    const schema = `"${ns.namespace}_gateway"`;
    const state = await withDatabase(stack, async (db) => {
      const outbox = await db.query<{ event_id: string; published: boolean }>(
        `SELECT event_id, published_at IS NOT NULL AS published FROM ${schema}.outbox WHERE key = $1 ORDER BY id`,
        [subjectId],
      );
      const consent = await db.query<{ status: string; revocations: number }>(
        `SELECT c.status, (SELECT count(*)::int FROM ${schema}.consent_revocations r WHERE r.consent_id = c.consent_id) AS revocations
           FROM ${schema}.consents c WHERE c.consent_id = $1`,
        [consentId],
      );
      return { outbox: outbox.rows, consent: consent.rows };
    });
    expect(state.outbox).toEqual(events.map((c) => ({ event_id: c.event.id, published: true })));
    expect(state.consent).toEqual([{ status: 'revoked', revocations: 2 }]);
  });

  it('given a consent id already recorded, when POSTed again, then it answers 409', async () => {
    // when
    const answer = await call('POST', '/v1/consents', caseWorker, consentBody(consentId, subjectId));

    // then
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'already_recorded' });
  });

  it('given an invalid consent, when POSTed, then it answers 422 naming the pointer, and records nothing', async () => {
    // given
    const otherSubject = randomUUID();
    const body = { ...consentBody(randomUUID(), otherSubject), method: 'telepathy' };

    // when
    const answer = await call('POST', '/v1/consents', caseWorker, body);
    const listed = await call('GET', `/v1/subjects/${otherSubject}/consents`, caseWorker);

    // then
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      statusCode: 422,
      code: 'invalid',
      errors: [{ pointer: '/method', message: expect.stringContaining('must be one of') }],
    });
    expect(listed.body.consents).toEqual([]);
  });

  it('given a consent that names another organisation as recorder, when POSTed, then it answers 422 at that pointer', async () => {
    // given
    const body = consentBody(randomUUID(), randomUUID());
    body.recordedBy.organisation = { partnerId: 'metro-police', sector: 'law-enforcement' };

    // when
    const answer = await call('POST', '/v1/consents', caseWorker, body);

    // then
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/recordedBy/organisation/partnerId',
      '/recordedBy/organisation/sector',
    ]);
  });

  it('given a partner-system token, when it POSTs a consent, then it answers 403', async () => {
    // when
    const answer = await call('POST', '/v1/consents', partnerSystem, consentBody(randomUUID(), randomUUID()));

    // then
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'insufficient_role' });
  });

  it('given an id no one recorded, when revoked, then it answers 404', async () => {
    // when
    const answer = await call('POST', `/v1/consents/${randomUUID()}/revoke`, caseWorker, { reason: 'other' });

    // then
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('given a case worker of another organisation, then the consent is neither listed nor revocable for them', async () => {
    // when
    const listed = await call('GET', `/v1/subjects/${subjectId}/consents`, otherCaseWorker);
    const revoked = await call('POST', `/v1/consents/${consentId}/revoke`, otherCaseWorker, {
      reason: 'other',
    });

    // then
    expect(listed).toEqual({ status: 200, body: { subjectId, consents: [] } });
    expect(revoked.status).toBe(404);
  });

  it('given the gateway with its relay running, when it receives SIGTERM, then it stops cleanly with status 0', async () => {
    // when
    const status = await (gateway as RunningApp).stop();
    gateway = undefined;

    // then
    expect(status).toBe(0);
  });
});
