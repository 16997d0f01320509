/**
 * Consent revocation retracts, end to end against the run's real broker and
 * Postgres: a person consents that the NGO sector and the police may know who
 * they are; alerts reach both with their identity; the person then revokes
 * the consent for the NGO sector only. The NGO receives exactly one
 * org.beacon.disclosure.retracted.v1 naming every delivery it received under
 * the consent (and its disclosure record is on the audit topic); the police
 * receive none, and the next alert no longer discloses to the NGO under it.
 * Beacon's own copies follow: the gateway's inbox drops the retracted
 * deliveries (page and resumed stream alike), the NGO's system confirms its
 * purge, and auditors see a retraction that is still unconfirmed.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { Role } from '@beacon/auth';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import { eventually } from '../support/eventually';
import { openSse } from '../support/sse';
import { startAlertFlow, type AlertFlow } from '../support/alert-flow';
import { auditorHeaders, kafkaAs, loadTestStack, testIssuer } from '../support/test-stack';

const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];
const NGO = 'safe-harbour';
const POLICE = 'metro-police';
const RETRACTED = 'org.beacon.disclosure.retracted.v1';
const REVOKED = 'org.beacon.consent.revoked.v1';

interface DisclosureData {
  event: { id: string; type: string };
  recipient: { partnerId: string; sector: string };
  purpose: string;
  consentIds: string[];
  disclosedPaths: string[];
  delivery: { topic: string; id: string };
}

interface RetractionData {
  retractionId: string;
  consentId: string;
  revocation: { eventId: string; grantee?: unknown };
  recipient: { partnerId: string; sector: string };
  subjectId?: string;
  deliveries: { deliveryId: string; eventId: string; eventType: string }[];
}

describe('consent revocation: every partner that received data under the consent is told what to purge', () => {
  const stack = loadTestStack();
  const subjectId = randomUUID();
  const consentId = randomUUID();
  let topics: TopicRegistry;
  let flow: AlertFlow | undefined;
  let gateway: RunningApp | undefined;
  let school: Producer | undefined;
  const reader = () => kafkaAs(stack.kafka.admin, 'retraction-e2e-reader');
  const ngoToken = (subject: string, roles: Role[]) =>
    testIssuer(stack).mint({ subject, partnerId: NGO, sector: 'ngo', roles }, 600);
  const token = () => ngoToken('worker:sh-nav-12', ['case-worker']);
  const url = (path: string) => `http://127.0.0.1:${(gateway as RunningApp).port}${path}`;

  async function post(
    path: string,
    body: unknown,
    bearer = token(),
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The ids of the items in the NGO's inbox, as its case worker pages through it. */
  async function inboxIds(): Promise<string[]> {
    const response = await fetch(url('/v1/inbox?limit=500'), {
      headers: { authorization: `Bearer ${token()}` },
    });
    const page = (await response.json()) as { items: { id: string }[] };
    return page.items.map((item) => item.id);
  }

  async function retractions(
    query: string,
  ): Promise<{ status: number; body: { retractions: Record<string, unknown>[] } }> {
    const response = await fetch(url(`/v1/retractions${query}`), { headers: auditorHeaders(stack) });
    return {
      status: response.status,
      body: (await response.json()) as { retractions: Record<string, unknown>[] },
    };
  }

  /** Raises an alert and returns the disclosure records of the NGO and the police about it. */
  async function raise(
    seq: number,
  ): Promise<{ event: CloudEvent; ngo: DisclosureData; police: DisclosureData }> {
    const event = schoolAlert(`retraction-${seq}`, subjectId);
    await (school as Producer).send({
      topic: topics.inbound('northside-school'),
      messages: [encodeCloudEvent(event)],
    });
    const about = (partnerId: string) => (c: Collected) => {
      const data = c.event.data as DisclosureData;
      return data.event?.id === event.id && data.recipient?.partnerId === partnerId;
    };
    const records = await collect(reader(), topics.audit, {
      until: (all) => all.some(about(NGO)) && all.some(about(POLICE)),
      settleMs: 0,
      timeoutMs: 90_000,
    });
    const ngo = records.find(about(NGO))?.event.data as DisclosureData | undefined;
    const police = records.find(about(POLICE))?.event.data as DisclosureData | undefined;
    if (ngo === undefined || police === undefined)
      throw new Error(
        `missing disclosure records about ${event.id}: ngo ${Boolean(ngo)}, police ${Boolean(police)}`,
      );
    return { event, ngo, police };
  }

  beforeAll(async () => {
    flow = await startAlertFlow(stack, { partnerIds: PARTNERS });
    ({ topics, gateway, school } = flow);
  }, 240_000);

  afterAll(async () => {
    await flow?.stop();
  });

  const delivered: { ngo: DisclosureData[]; police: DisclosureData[] } = { ngo: [], police: [] };

  it('given the subject consents for the ngo sector and the police, when two alerts are raised, then both partners see who it is, under that consent', async () => {
    // given: an alert first, so that the NGO holds a relationship with the subject and may record their consent
    await raise(0);
    const recorded = await post('/v1/consents', {
      consentId,
      subjectId,
      grantedAt: new Date().toISOString(),
      givenBy: 'subject',
      method: 'written',
      provisions: [
        {
          type: 'permit',
          grantee: { kind: 'sector', sector: 'ngo' },
          purposes: ['safety-planning'],
          dataCategories: ['identity'],
        },
        {
          type: 'permit',
          grantee: { kind: 'sector', sector: 'law-enforcement' },
          purposes: ['investigation'],
          dataCategories: ['identity'],
        },
      ],
      recordedBy: {
        organisation: { partnerId: NGO, name: 'Safe Harbour Shelter', sector: 'ngo' },
        caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah', role: 'Modern Slavery Navigator' },
      },
      evidence: { kind: 'signed-form', reference: 'SH-CF-2026-0077' },
    });
    expect(recorded.status).toBe(201);
    // It opens identity to the NGO's own sector: a second person of the NGO confirms it.
    const confirmed = await post(
      `/v1/consents/${consentId}/confirm`,
      {},
      ngoToken('supervisor:sh-lead-1', ['supervisor']),
    );
    expect(confirmed.status).toBe(200);
    await collect(reader(), topics.events, {
      until: (all) => all.some((c) => (c.event.data as { consentId?: string }).consentId === consentId),
      settleMs: 0,
      timeoutMs: 60_000,
    });

    // when
    for (const seq of [1, 2]) {
      const { ngo, police } = await raise(seq);
      delivered.ngo.push(ngo);
      delivered.police.push(police);
    }

    // then
    for (const record of [...delivered.ngo, ...delivered.police]) {
      expect(record.consentIds).toEqual([consentId]);
      expect(record.disclosedPaths).toContain('/subject/givenName');
    }
    const ngoDeliveries = delivered.ngo.map((r) => r.delivery.id);
    await eventually('the NGO’s deliveries in its inbox', inboxIds, (ids) =>
      ngoDeliveries.every((id) => ids.includes(id)),
    );
  }, 240_000);

  it('given the subject revokes the consent for the ngo sector, then the NGO receives exactly one retraction listing exactly its deliveries, with its audit record, and the police none', async () => {
    // given
    const revoked = await post(`/v1/consents/${consentId}/revoke`, {
      reason: 'subject-request',
      grantee: { kind: 'sector', sector: 'ngo' },
    });
    expect(revoked.status).toBe(200);
    const revocationEventId = String(revoked.body.eventId);

    // when
    const isRetraction = (c: Collected) => c.event.type === RETRACTED;
    const ngoTopic = await collect(reader(), topics.deliver(NGO), {
      until: (all) => all.some(isRetraction),
      settleMs: 5_000,
      timeoutMs: 120_000,
    });
    // Every partner's retraction is written in one transaction: once the NGO's is readable, any other is too.
    const policeTopic = await collect(reader(), topics.deliver(POLICE), {
      until: (all) => all.length >= delivered.police.length + 1,
      settleMs: 3_000,
      timeoutMs: 15_000,
    });

    // then
    const retractions = ngoTopic.filter(isRetraction);
    expect(retractions).toHaveLength(1);
    const retraction = retractions[0].event;
    const data = retraction.data as RetractionData;
    expect(retraction.causationid).toBe(revocationEventId);
    expect(data).toMatchObject({
      retractionId: retraction.id,
      consentId,
      revocation: { eventId: revocationEventId, grantee: { kind: 'sector', sector: 'ngo' } },
      recipient: { partnerId: NGO, sector: 'ngo' },
    });
    expect(data.deliveries).toEqual(
      delivered.ngo.map((r) => ({ deliveryId: r.delivery.id, eventId: r.event.id, eventType: r.event.type })),
    );
    // The NGO sees identity only with consent, which it no longer has: the retraction passes redaction too.
    expect(data.subjectId).toBeUndefined();
    expect(policeTopic.filter(isRetraction)).toEqual([]);

    const audit = await collect(reader(), topics.audit, {
      until: (all) => all.some((c) => (c.event.data as DisclosureData).delivery?.id === retraction.id),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    const record = audit.find((c) => (c.event.data as DisclosureData).delivery?.id === retraction.id)?.event
      .data as DisclosureData | undefined;
    expect(record).toMatchObject({
      event: { id: revocationEventId, type: REVOKED },
      recipient: { partnerId: NGO, sector: 'ngo' },
      delivery: { topic: topics.deliver(NGO), id: retraction.id },
    });
    expect(record?.disclosedPaths).toEqual(
      expect.arrayContaining(['/deliveries/0/deliveryId', '/consentId']),
    );
  }, 240_000);

  let retractionId = '';

  it('given the retraction reached the NGO’s delivery topic, then its inbox no longer serves the retracted deliveries, neither paged nor on a resumed stream, and shows the retraction', async () => {
    // given
    const retracted = delivered.ngo.map((r) => r.delivery.id);
    const ngoTopic = await collect(reader(), topics.deliver(NGO), {
      until: (all) => all.some((c) => c.event.type === RETRACTED),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    retractionId = String(ngoTopic.find((c) => c.event.type === RETRACTED)?.event.id);

    // when
    const ids = await eventually('the retraction in the NGO’s inbox', inboxIds, (now) =>
      now.includes(retractionId),
    );
    const stream = await openSse(url('/v1/inbox/stream'), {
      authorization: `Bearer ${token()}`,
      'last-event-id': '0',
    });
    try {
      await stream.waitFor(
        (s) => s.messages.some((m) => m.event === RETRACTED),
        30_000,
        'the retraction on the resumed stream',
      );
      const streamed = stream.messages.map((m) => (JSON.parse(m.data) as { id: string }).id);

      // then
      expect(retracted).toHaveLength(2);
      for (const id of retracted) {
        expect({ id, paged: ids.includes(id) }).toEqual({ id, paged: false });
        expect({ id, streamed: streamed.includes(id) }).toEqual({ id, streamed: false });
      }
      expect(streamed).toContain(retractionId);
    } finally {
      stream.close();
    }
  }, 120_000);

  it('given the NGO has not confirmed its purge, then auditors see it unconfirmed past the deadline; once its system confirms, it is recorded, on the audit trail, and a second confirmation is refused', async () => {
    // given
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const unconfirmed = await retractions(`?unconfirmed=true&olderThan=1s&partner=${NGO}`);
    expect(unconfirmed.status).toBe(200);
    expect(unconfirmed.body.retractions).toEqual([
      expect.objectContaining({ retractionId, partnerId: NGO, consentId, deliveries: 2, purgedFromInbox: 2 }),
    ]);
    expect(unconfirmed.body.retractions[0]).not.toHaveProperty('confirmedAt');
    const system = testIssuer(stack).mint(
      { subject: 'system:safe-harbour', partnerId: NGO, sector: 'ngo', roles: ['partner-system'] },
      600,
    );

    // when
    const confirmed = await post(`/v1/retractions/${retractionId}/confirm`, {}, system);
    const again = await post(`/v1/retractions/${retractionId}/confirm`, {}, system);
    const byCaseWorker = await post(`/v1/retractions/${retractionId}/confirm`, {});
    const afterwards = await retractions(`?unconfirmed=true&partner=${NGO}`);

    // then
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.retraction).toMatchObject({
      retractionId,
      confirmedAt: expect.any(String),
      confirmedBy: 'system:safe-harbour',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_confirmed' });
    expect(byCaseWorker.status).toBe(403);
    expect(afterwards.body.retractions).toEqual([]);
    const audit = await collect(reader(), topics.audit, {
      until: (all) =>
        all.some((c) => {
          const data = c.event.data as { resource?: { id?: string }; outcome?: string; status?: number };
          return data.resource?.id === retractionId && data.status === 200;
        }),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    const accessRecord = audit.find((c) => {
      const data = c.event.data as { resource?: { id?: string }; status?: number };
      return data.resource?.id === retractionId && data.status === 200;
    })?.event.data;
    expect(accessRecord).toMatchObject({
      action: 'update',
      outcome: 'allowed',
      principal: { sub: 'system:safe-harbour', partnerId: NGO },
      resource: { type: 'inbox', id: retractionId, route: '/v1/retractions/:id/confirm' },
    });
  }, 120_000);

  it('given the revocation for the ngo sector, when the next alert is raised, then the NGO gets no identity under the consent while the police still do', async () => {
    // when
    const { ngo, police } = await raise(3);

    // then
    expect(ngo.consentIds).toEqual([]);
    expect(ngo.disclosedPaths).not.toContain('/subject/givenName');
    expect(police.consentIds).toEqual([consentId]);
    expect(police.disclosedPaths).toContain('/subject/givenName');
  }, 180_000);
});
