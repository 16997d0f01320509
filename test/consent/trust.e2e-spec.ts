/**
 * Consent that cannot be forged, end to end against the run's real broker
 * and Postgres: only an organisation that holds a relationship with the
 * subject (it sent or received an event about them through Beacon) may
 * record their consent, and it must name its evidence; a consent that
 * widens what the recording organisation itself receives stays pending —
 * the redaction service does not apply it — until a supervisor of that
 * organisation other than the recorder confirms it; and one person
 * recording many consents within the window is flagged to auditors.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Role, Sector } from '@beacon/auth';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import { startAlertFlow, type AlertFlow } from '../support/alert-flow';
import {
  auditorHeaders,
  kafkaAs,
  loadTestStack,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';

const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];
const NGO = 'safe-harbour';
/** More than this many consents by one person within the window are flagged (the suite's own setting). */
const FLAG_THRESHOLD = 3;

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string };
  consentIds: string[];
  disclosedPaths: string[];
  delivery: { id: string };
}

interface Answer {
  status: number;
  // The gateway's JSON, read loosely: each test states the fields it relies on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A consent recorded by the NGO: `grantee` may see identity for safety planning; evidence unless left out. */
function consentBody(
  subjectId: string,
  grantee: { kind: 'sector'; sector: string } | { kind: 'partner'; partnerId: string },
  options: { evidence?: boolean } = {},
): Record<string, unknown> {
  return {
    consentId: randomUUID(),
    subjectId,
    grantedAt: new Date().toISOString(),
    givenBy: 'subject',
    method: 'written',
    provisions: [
      {
        type: 'permit',
        grantee,
        purposes: ['safety-planning', 'care-coordination'],
        dataCategories: ['identity'],
      },
    ],
    recordedBy: {
      organisation: { partnerId: NGO, name: 'Safe Harbour Shelter', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
    },
    ...(options.evidence === false
      ? {}
      : { evidence: { kind: 'signed-form', reference: 'SH-CF-2026-0412' } }),
  };
}

describe('consent that cannot be forged: relationship, evidence, a second person, and volume flags', () => {
  const stack = loadTestStack();
  const issuer = testIssuer(stack);
  /** The subject the school raises alerts about: the NGO receives them, so it holds a relationship. */
  const subjectId = randomUUID();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let flow: AlertFlow | undefined;
  let gateway: RunningApp | undefined;
  let school: Producer | undefined;
  const reader = () => kafkaAs(stack.kafka.admin, 'trust-e2e-reader');

  const token = (subject: string, partnerId: string, sector: Sector, roles: Role[]) =>
    issuer.mint({ subject, partnerId, sector, roles }, 600);
  /** The NGO's case worker who records consents; she is also a supervisor, which must not let her confirm her own. */
  const recorder = () => token('worker:kwame', NGO, 'ngo', ['case-worker', 'supervisor']);
  const otherSupervisor = () => token('supervisor:amara', NGO, 'ngo', ['supervisor']);
  const policeSupervisor = () =>
    token('supervisor:okafor', 'metro-police', 'law-enforcement', ['supervisor']);

  async function call(method: 'GET' | 'POST', path: string, bearer: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${(gateway as RunningApp).port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** Raises a school alert about the subject and returns what the NGO got: its disclosure record and delivery. */
  async function raiseAndReadNgo(
    seq: number,
  ): Promise<{ event: CloudEvent; record: DisclosureData; delivery: CloudEvent }> {
    const event = schoolAlert(`trust-${seq}`, subjectId);
    await (school as Producer).send({
      topic: topics.inbound('northside-school'),
      messages: [encodeCloudEvent(event)],
    });
    const isNgoRecord = (c: Collected) => {
      const data = c.event.data as DisclosureData;
      return data.event?.id === event.id && data.recipient?.partnerId === NGO;
    };
    const records = await collect(reader(), topics.audit, {
      until: (all) => all.some(isNgoRecord),
      settleMs: 0,
      timeoutMs: 90_000,
    });
    const record = records.find(isNgoRecord)?.event.data as DisclosureData | undefined;
    if (record === undefined) throw new Error(`no disclosure record for ${NGO} about ${event.id}`);
    const deliveries = await collect(reader(), topics.deliver(NGO), {
      until: (all) => all.some((d) => d.event.id === record.delivery.id),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    const delivery = deliveries.find((d) => d.event.id === record.delivery.id)?.event;
    if (delivery === undefined) throw new Error(`no delivery ${record.delivery.id}`);
    return { event, record, delivery };
  }

  const givenName = (event: CloudEvent) =>
    String((event.data as { subject: { givenName: string } }).subject.givenName);

  beforeAll(async () => {
    flow = await startAlertFlow(stack, {
      partnerIds: PARTNERS,
      gatewayEnv: { CONSENT_FLAG_THRESHOLD: String(FLAG_THRESHOLD), CONSENT_FLAG_WINDOW_MINUTES: '60' },
    });
    ({ ns, topics, gateway, school } = flow);
  }, 240_000);

  afterAll(async () => {
    await flow?.stop();
  });

  it('given a subject the NGO never sent nor received anything about, when its case worker records their consent, then it is refused with the reason and nothing is stored', async () => {
    // given
    const stranger = randomUUID();

    // when
    const answer = await call(
      'POST',
      '/v1/consents',
      recorder(),
      consentBody(stranger, { kind: 'sector', sector: 'health-care' }),
    );
    const listed = await call('GET', `/v1/subjects/${stranger}/consents`, recorder());

    // then
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      code: 'no_relationship',
      message: expect.stringContaining(`holds no relationship with subject ${stranger}`),
    });
    expect(listed.body.consents).toEqual([]);
  });

  it('given the school’s alert reached the NGO without identity, then the NGO now holds a relationship with the subject', async () => {
    // when
    const { event, record, delivery } = await raiseAndReadNgo(1);

    // then
    expect(record.consentIds).toEqual([]);
    expect(record.disclosedPaths).not.toContain('/subject/givenName');
    expect(JSON.stringify(delivery.data)).not.toContain(givenName(event));
    const rows = await withDatabase(stack, (db) =>
      db.query(
        `SELECT partner_id, kind FROM "${ns.namespace}_redaction".subject_relationships WHERE subject_id = $1 ORDER BY partner_id, kind`,
        [subjectId],
      ),
    );
    expect(rows.rows).toEqual(
      expect.arrayContaining([
        { partner_id: 'northside-school', kind: 'originated' },
        { partner_id: NGO, kind: 'received' },
      ]),
    );
  }, 150_000);

  it('given the relationship, when a consent without evidence is recorded, then it is refused at /evidence', async () => {
    // when
    const answer = await call(
      'POST',
      '/v1/consents',
      recorder(),
      consentBody(subjectId, { kind: 'sector', sector: 'health-care' }, { evidence: false }),
    );

    // then
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      { pointer: '/evidence', message: expect.stringContaining('is required') },
    ]);
  });

  const widening = consentBody(subjectId, { kind: 'sector', sector: 'ngo' });

  it('given a consent that opens identity to the NGO’s own sector, when its case worker records it, then it is pending and the next alert still withholds identity from the NGO', async () => {
    // when
    const recorded = await call('POST', '/v1/consents', recorder(), widening);
    const { event, record, delivery } = await raiseAndReadNgo(2);

    // then
    expect(recorded.status).toBe(201);
    expect(recorded.body).not.toHaveProperty('eventId');
    expect(recorded.body.consent).toMatchObject({
      consentId: widening.consentId,
      status: 'pending',
      confirmation: { required: true },
      grantees: [{ grantee: { kind: 'sector', sector: 'ngo' }, status: 'pending' }],
    });
    expect(record.consentIds).toEqual([]);
    expect(record.disclosedPaths).not.toContain('/subject/givenName');
    expect(JSON.stringify(delivery.data)).not.toContain(givenName(event));
  }, 150_000);

  it('given the pending consent, when the supervisor who recorded it confirms it, then it is refused, and a supervisor of another organisation does not find it', async () => {
    // when
    const own = await call('POST', `/v1/consents/${String(widening.consentId)}/confirm`, recorder());
    const police = await call(
      'POST',
      `/v1/consents/${String(widening.consentId)}/confirm`,
      policeSupervisor(),
    );
    const caseWorkerOnly = await call(
      'POST',
      `/v1/consents/${String(widening.consentId)}/confirm`,
      token('worker:ines', NGO, 'ngo', ['case-worker']),
    );

    // then
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({
      code: 'own_consent',
      message: expect.stringContaining('a second person'),
    });
    expect(police.status).toBe(404);
    expect(caseWorkerOnly.status).toBe(403);
    expect(caseWorkerOnly.body).toMatchObject({ code: 'insufficient_role' });
  });

  it('given another supervisor of the NGO confirms it, when the next alert is raised, then the NGO sees who it is under that consent', async () => {
    // given
    const confirmed = await call(
      'POST',
      `/v1/consents/${String(widening.consentId)}/confirm`,
      otherSupervisor(),
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.consent).toMatchObject({
      status: 'active',
      confirmation: { required: true, confirmedBy: { partnerId: NGO, subject: 'supervisor:amara' } },
    });
    const granted = await collect(reader(), topics.events, {
      until: (all) => all.some((c) => c.event.id === confirmed.body.eventId),
      settleMs: 0,
      timeoutMs: 60_000,
    });
    expect(granted.find((c) => c.event.id === confirmed.body.eventId)?.event.data).toMatchObject({
      consentId: widening.consentId,
      evidence: { kind: 'signed-form', reference: 'SH-CF-2026-0412' },
      confirmedBy: { workerId: 'supervisor:amara' },
    });

    // when
    const { event, record, delivery } = await raiseAndReadNgo(3);

    // then
    expect(record.consentIds).toEqual([widening.consentId]);
    expect(record.disclosedPaths).toContain('/subject/givenName');
    expect((delivery.data as { subject: { givenName?: string } }).subject.givenName).toBe(givenName(event));
  }, 150_000);

  it('given one person records more consents within the hour than the threshold, then the ones past it are flagged and auditors can list them', async () => {
    // given: a consent for another organisation needs no second person
    const busy = () => token('worker:busy', NGO, 'ngo', ['case-worker']);
    const answers: Answer[] = [];
    for (let n = 0; n < FLAG_THRESHOLD + 1; n += 1)
      answers.push(
        await call(
          'POST',
          '/v1/consents',
          busy(),
          consentBody(subjectId, { kind: 'partner', partnerId: 'st-mary-hospital' }),
        ),
      );

    // when
    const response = await fetch(`http://127.0.0.1:${(gateway as RunningApp).port}/v1/consents/flagged`, {
      headers: auditorHeaders(stack),
    });
    const flagged = { status: response.status, body: (await response.json()) as { consents: unknown[] } };
    const asCaseWorker = await call('GET', '/v1/consents/flagged', busy());

    // then
    expect(answers.map((a) => a.status)).toEqual(Array(FLAG_THRESHOLD + 1).fill(201));
    expect(answers.slice(0, FLAG_THRESHOLD).map((a) => a.body.consent.flag)).toEqual(
      Array(FLAG_THRESHOLD).fill(undefined),
    );
    const last = answers[FLAG_THRESHOLD]!.body.consent;
    expect(last).toMatchObject({
      status: 'active',
      flag: {
        code: 'consent-volume',
        reason: `${FLAG_THRESHOLD + 1} consents recorded by this person within 60 minutes (more than ${FLAG_THRESHOLD})`,
      },
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body.consents).toEqual([
      expect.objectContaining({
        consentId: last.consentId,
        recordedBy: { partnerId: NGO, subject: 'worker:busy' },
      }),
    ]);
    expect(asCaseWorker.status).toBe(403);
    // The flag is on the hash-chained audit trail too: the access record of the request that crossed the line.
    const isFlaggedAccess = (c: Collected) => {
      const data = c.event.data as {
        resource?: { route?: string };
        reason?: string;
        principal?: { sub?: string };
      };
      return (
        data.resource?.route === '/v1/consents' &&
        data.principal?.sub === 'worker:busy' &&
        (data.reason ?? '').includes('flagged')
      );
    };
    const audit = await collect(reader(), topics.audit, {
      until: (all) => all.some(isFlaggedAccess),
      settleMs: 1_000,
      timeoutMs: 30_000,
    });
    const flaggedAccess = audit
      .filter(isFlaggedAccess)
      .map((c) => c.event.data as { reason: string; resource: { subjectId?: string } });
    expect(flaggedAccess).toHaveLength(1);
    expect(flaggedAccess[0]).toMatchObject({
      reason: expect.stringContaining(
        `flagged consent-volume: ${FLAG_THRESHOLD + 1} consents recorded by this person`,
      ),
      resource: { subjectId },
    });
  });
});
