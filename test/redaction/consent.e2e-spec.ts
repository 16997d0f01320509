/**
 * Consent end to end, against the run's real broker and Postgres: what an
 * NGO sees of a person follows the person's consent as a case worker records
 * and revokes it through the gateway. The gateway writes the consent (and,
 * through its outbox, the event); the redaction service reads it from the
 * gateway's tables when it decides each alert, and its disclosure record on
 * the audit topic names the consent that opened a field.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { generateSigningKey, issueToken, writeJwksFile, type Principal, type SigningJwk } from '@beacon/auth';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import { startAlertFlow, type AlertFlow } from '../support/alert-flow';
import { kafkaAs, loadTestStack } from '../support/test-stack';

const ISSUER = 'urn:beacon:test';
const AUDIENCE = 'beacon';
const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];
const NGO = 'safe-harbour';
const CONSENT_GRANTED = 'org.beacon.consent.granted.v1';
const CONSENT_REVOKED = 'org.beacon.consent.revoked.v1';

/** Identity fields of the alert below: the shipped policy drops them for an NGO unless the subject consents. */
const IDENTITY_PATHS = ['/subject/subjectId', '/subject/givenName', '/subject/aliases/0'];

const caseWorker: Principal = {
  subject: 'worker:12',
  partnerId: NGO,
  sector: 'ngo',
  roles: ['case-worker'],
  name: 'Kwame Mensah',
};
/** A consent for the NGO's own sector widens what the NGO receives: a second person confirms it. */
const supervisor: Principal = {
  subject: 'supervisor:3',
  partnerId: NGO,
  sector: 'ngo',
  roles: ['supervisor'],
};

/** The shape of the alert's data, for reading back what was sent. */
type AlertData = { subject: Record<string, unknown> };

/** The subject's consent: sector ngo may see identity and contact, for care coordination and safety planning. */
function consentBody(consentId: string, subjectId: string) {
  return {
    consentId,
    subjectId,
    grantedAt: new Date().toISOString(),
    givenBy: 'subject',
    method: 'written',
    provisions: [
      {
        type: 'permit',
        grantee: { kind: 'sector', sector: 'ngo' },
        purposes: ['care-coordination', 'safety-planning'],
        dataCategories: ['identity', 'contact'],
      },
    ],
    recordedBy: {
      organisation: { partnerId: NGO, name: 'Safe Harbour Shelter', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah', role: 'Modern Slavery Navigator' },
    },
    evidence: { kind: 'signed-form', reference: 'SH-CF-2026-0101' },
  };
}

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string; sector: string };
  purpose: string;
  consentIds: string[];
  disclosedPaths: string[];
  withheld: { path: string; reason: string; transformation: string }[];
  delivery: { topic: string; id: string };
}

interface NgoView {
  record: DisclosureData;
  delivery: CloudEvent;
  data: { subject?: Record<string, unknown> } & Record<string, unknown>;
}

describe('redaction and consent: what an NGO sees of a person follows the consent the person gave and withdrew', () => {
  const stack = loadTestStack();
  const subjectId = randomUUID();
  const consentId = randomUUID();
  let topics: TopicRegistry;
  let keysDir: string | undefined;
  let signingKey: SigningJwk;
  let flow: AlertFlow | undefined;
  let gateway: RunningApp | undefined;
  let school: Producer | undefined;
  const reader = () => kafkaAs(stack.kafka.admin, 'redaction-consent-e2e-reader');

  const alert = (seq: number): CloudEvent => schoolAlert(`redaction-consent-${seq}`, subjectId);

  async function call(
    path: string,
    body: unknown,
    principal: Principal = caseWorker,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const token = issueToken({
      privateJwk: signingKey,
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 600,
      principal,
    });
    const response = await fetch(`http://127.0.0.1:${(gateway as RunningApp).port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Waits until the consent's event of `type` is on the canonical log. */
  async function consentEventOnLog(type: string): Promise<Collected> {
    const matches = (c: Collected) =>
      c.event.type === type && (c.event.data as { consentId?: string }).consentId === consentId;
    const seen = await collect(reader(), topics.events, {
      until: (all) => all.some(matches),
      settleMs: 0,
      timeoutMs: 60_000,
    });
    const found = seen.find(matches);
    if (found === undefined) throw new Error(`no ${type} event for consent ${consentId} on ${topics.events}`);
    return found;
  }

  /** Raises an alert and reads what the NGO got: its disclosure record on the audit topic and its delivery. */
  async function raiseAndReadNgo(seq: number): Promise<{ event: CloudEvent } & NgoView> {
    const event = alert(seq);
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
    if (record === undefined) throw new Error(`no disclosure record for ${NGO} about event ${event.id}`);
    // The record and its delivery were written in one transaction: once one is readable, so is the other.
    const deliveries = await collect(reader(), topics.deliver(NGO), {
      until: (all) => all.some((d) => d.event.id === record.delivery.id),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    const delivery = deliveries.find((d) => d.event.id === record.delivery.id)?.event;
    if (delivery === undefined)
      throw new Error(`no delivery ${record.delivery.id} on ${topics.deliver(NGO)}`);
    return { event, record, delivery, data: delivery.data as NgoView['data'] };
  }

  /** The shape of an NGO decision that withheld the subject's identity for want of consent. */
  function expectIdentityWithheld(view: NgoView, event: CloudEvent): void {
    const { record, delivery, data } = view;
    expect(record.recipient).toEqual({ partnerId: NGO, sector: 'ngo' });
    expect(record.purpose).toBe('safety-planning');
    expect(record.consentIds).toEqual([]);
    for (const path of IDENTITY_PATHS) {
      expect({ path, disclosed: record.disclosedPaths.includes(path) }).toEqual({ path, disclosed: false });
      expect(record.withheld.find((w) => w.path === path)).toEqual({
        path,
        reason: 'consent-required',
        transformation: 'drop',
      });
    }
    expect(data.subject?.givenName).toBeUndefined();
    expect(data.subject?.subjectId).toBeUndefined();
    expect(data.subject?.aliases).toBeUndefined();
    expect(JSON.stringify(data)).not.toContain(String((event.data as AlertData).subject.givenName));
    // Without identity the subject id leaves the envelope too: the delivery id keys it.
    expect(delivery.subject).toBe(delivery.id);
    expect(delivery.extensions?.consentids).toBe('');
    expect(JSON.parse(String(delivery.extensions?.withheldpaths))).toEqual(
      expect.arrayContaining(IDENTITY_PATHS),
    );
  }

  beforeAll(async () => {
    keysDir = mkdtempSync(join(tmpdir(), 'beacon-redaction-consent-keys-'));
    const { privateJwk, publicJwk } = generateSigningKey('redaction-consent-test', 'ES256');
    signingKey = privateJwk;
    writeJwksFile(join(keysDir, 'jwks.json'), [publicJwk]);
    flow = await startAlertFlow(stack, {
      partnerIds: PARTNERS,
      gatewayEnv: {
        AUTH_JWKS_FILE: join(keysDir, 'jwks.json'),
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
      },
    });
    ({ topics, gateway, school } = flow);
  }, 240_000);

  afterAll(async () => {
    await flow?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('given no consent, when the school raises an alert, then the NGO gets it without the subject’s identity, and its record says consent is required', async () => {
    // when
    const { event, ...view } = await raiseAndReadNgo(1);

    // then
    expectIdentityWithheld(view, event);
    expect(view.record.disclosedPaths).toEqual(expect.arrayContaining(['/urgency', '/exploitationTypes/0']));
    expect(view.data).toMatchObject({ urgency: 'urgent', exploitationTypes: ['labour'] });
  }, 150_000);

  it('given a safe-harbour case worker records the subject’s consent for ngo and a supervisor confirms it, when the next alert is raised, then the NGO sees who it is and its record names the consent', async () => {
    // given
    const recorded = await call('/v1/consents', consentBody(consentId, subjectId));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ consentId, consent: { consentId, subjectId, status: 'pending' } });
    const confirmed = await call(`/v1/consents/${consentId}/confirm`, {}, supervisor);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ consentId, consent: { consentId, subjectId, status: 'active' } });
    const granted = await consentEventOnLog(CONSENT_GRANTED);
    expect(granted.event.subject).toBe(subjectId);

    // when
    const { event, record, delivery, data } = await raiseAndReadNgo(2);

    // then
    expect(record.consentIds).toEqual([consentId]);
    expect(record.disclosedPaths).toEqual(expect.arrayContaining(IDENTITY_PATHS));
    expect(record.withheld.map((w) => w.path)).not.toContain('/subject/givenName');
    const sent = (event.data as AlertData).subject;
    expect(data.subject).toMatchObject({
      subjectId,
      givenName: sent.givenName,
      aliases: sent.aliases,
    });
    expect(delivery.subject).toBe(subjectId);
    expect(delivery.extensions?.consentids).toBe(consentId);
    expect(JSON.parse(String(delivery.extensions?.withheldpaths))).not.toContain('/subject/givenName');
  }, 150_000);

  it('given the case worker revokes the consent, when a third alert is raised, then the NGO no longer sees the subject’s identity', async () => {
    // given
    const revoked = await call(`/v1/consents/${consentId}/revoke`, { reason: 'subject-request' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ consentId, consent: { status: 'revoked' } });
    const revocation = await consentEventOnLog(CONSENT_REVOKED);
    expect(revocation.event.subject).toBe(subjectId);

    // when
    const { event, ...view } = await raiseAndReadNgo(3);

    // then
    expectIdentityWithheld(view, event);
  }, 150_000);
});
