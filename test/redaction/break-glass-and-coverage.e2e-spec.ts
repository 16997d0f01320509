/**
 * Break-glass and coverage areas end to end, against the run's real broker
 * and Postgres.
 *
 * Break-glass: a police case worker breaks the glass for one subject through
 * the gateway (refused without a reason, and for a role the policy does not
 * list); while it lasts, the police deliveries about that subject carry the
 * categories it opens, flagged in the receipt header and on the disclosure
 * record with the reason; other partners' deliveries are unchanged; after it
 * expires, the police get the ordinary redaction again.
 *
 * Coverage: a second police force, onboarded as `beacon partner add --area
 * GB/Southshire` does it, is not sent an alert from Westshire, which the force
 * covering Westshire gets, and is sent one from Southshire.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { encodeCloudEvent, topicsFor, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import { addPartner, removePartner, type AdminConnection } from '../../scripts/cli/partner-commands';
import { localIssuer } from '../../scripts/lib/issuer';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import {
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';

const HARBOUR_POLICE = 'harbour-police';
const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];
const POLICE = 'metro-police';
const NGO = 'safe-harbour';
const GRANTED = 'org.beacon.break-glass.granted.v1';
const REASON = 'Caller reports he is locked in the car wash tonight; we need who he is and the exact place.';

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string; sector: string };
  purpose: string;
  disclosedPaths: string[];
  withheld: { path: string; reason: string; transformation: string }[];
  breakGlass: { used: boolean; reason?: string; authorisedBy?: string; expiresAt?: string };
  delivery: { topic: string; id: string };
}

describe('break-glass and coverage areas through the flow', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  const apps: RunningApp[] = [];
  let gateway: RunningApp | undefined;
  let school: Producer | undefined;
  let onboarding: AdminConnection | undefined;
  let scratch: string | undefined;
  const reader = () => kafkaAs(stack.kafka.admin, 'break-glass-e2e-reader');
  const worker = { subject: 'worker:mp-40317', partnerId: POLICE, sector: 'law-enforcement' as const };

  async function breakGlass(
    body: unknown,
    roles: ('case-worker' | 'partner-system' | 'auditor')[] = ['case-worker'],
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const token = testIssuer(stack).mint({ ...worker, roles }, 600);
    const response = await fetch(`http://127.0.0.1:${(gateway as RunningApp).port}/v1/break-glass`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Sends an alert and waits for the disclosure records of the given partners about it. */
  async function raise(event: CloudEvent, partners: string[]): Promise<Map<string, DisclosureData>> {
    await (school as Producer).send({
      topic: topics.inbound('northside-school'),
      messages: [encodeCloudEvent(event)],
    });
    const about = (c: Collected) => (c.event.data as DisclosureData).event?.id === event.id;
    const seen = await collect(reader(), topics.audit, {
      until: (all) =>
        partners.every((p) =>
          all.some((c) => about(c) && (c.event.data as DisclosureData).recipient.partnerId === p),
        ),
      settleMs: 0,
      timeoutMs: 90_000,
    });
    const records = new Map<string, DisclosureData>();
    for (const c of seen.filter(about)) {
      const data = c.event.data as DisclosureData;
      records.set(data.recipient.partnerId, data);
    }
    for (const p of partners)
      if (!records.has(p)) throw new Error(`no disclosure record for ${p} about ${event.id}`);
    return records;
  }

  async function deliveryOf(record: DisclosureData): Promise<CloudEvent> {
    const seen = await collect(reader(), record.delivery.topic, {
      until: (all) => all.some((c) => c.event.id === record.delivery.id),
      settleMs: 0,
      timeoutMs: 30_000,
    });
    const found = seen.find((c) => c.event.id === record.delivery.id)?.event;
    if (found === undefined) throw new Error(`no delivery ${record.delivery.id}`);
    return found;
  }

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    // A second force of the same sector that serves only Southshire, onboarded before redaction reads the directory.
    if (stack.kafka.external) throw new Error('onboarding a partner needs the broker that npm test starts');
    const kafka = kafkaAs(stack.kafka.admin, `${ns.namespace}-onboarding`);
    const admin: Admin = kafka.admin();
    await admin.connect();
    onboarding = { kafka, admin, access: stack.kafka.admin, namespace: ns.namespace };
    scratch = mkdtempSync(join(tmpdir(), 'beacon-coverage-'));
    const onboarded = await addPartner(
      onboarding,
      {
        id: HARBOUR_POLICE,
        sector: 'law-enforcement',
        name: 'Harbour Constabulary',
        areas: ['GB/Southshire'],
      },
      { issuer: localIssuer(join(scratch, 'keys')), credentialsDir: join(scratch, 'partners') },
    );
    expect(onboarded.partner.coverage).toEqual([{ country: 'GB', region: 'Southshire' }]);
    gateway = await startApp(stack, 'gateway', ns.namespace);
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
  }, 240_000);

  afterAll(async () => {
    await school?.disconnect();
    await Promise.all(apps.map((app) => app.stop()));
    await gateway?.stop();
    if (onboarding) {
      await removePartner(onboarding, HARBOUR_POLICE, { deleteTopics: true });
      await onboarding.admin.disconnect();
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
      await ns.dispose();
    }
  });

  describe('break-glass', () => {
    const subjectId = randomUUID();

    it('given no reason, when a police case worker breaks the glass, then it is refused with 400 naming the reason', async () => {
      // when
      const response = await breakGlass({ subjectId, purpose: 'emergency' });

      // then
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { pointer: '/reason', message: 'is required: a written reason for emergency access' },
      ]);
    }, 60_000);

    it('given a reason shorter than the policy asks, when breaking the glass, then it is refused with 400 naming the reason', async () => {
      // when
      const response = await breakGlass({ subjectId, reason: 'urgent' });

      // then
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { pointer: '/reason', message: 'has 6 characters; the law-enforcement policy asks for at least 20' },
      ]);
    }, 60_000);

    it('given a partner-system token, when it breaks the glass, then it is refused with 403', async () => {
      // when
      const response = await breakGlass({ subjectId, reason: REASON }, ['partner-system']);

      // then
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'break_glass_not_allowed' });
    }, 60_000);

    it('given a granted break-glass, when the next alert about the subject arrives, then the police delivery carries the opened categories, flagged in header and record, and the NGO’s is unchanged; after expiry the police get the ordinary redaction', async () => {
      // given
      const granted = await breakGlass({
        subjectId,
        purpose: 'emergency',
        reason: REASON,
        durationMinutes: 1,
      });
      expect(granted.status).toBe(201);
      const grant = granted.body.grant as { grantId: string; expiresAt: string; categories: string[] };
      expect(grant.categories).toEqual(['identity', 'contact', 'location.precise']);
      const onLog = await collect(reader(), topics.events, {
        until: (all) => all.some((c) => c.event.type === GRANTED),
        settleMs: 0,
        timeoutMs: 60_000,
      });
      const grantedEvent = onLog.find((c) => c.event.type === GRANTED);
      expect(grantedEvent?.event.subject).toBe(subjectId);
      expect(grantedEvent?.message.key?.toString()).toBe(subjectId);

      // when
      const during = await raise(schoolAlert('break-glass-during', subjectId), [POLICE, NGO]);

      // then
      const police = during.get(POLICE) as DisclosureData;
      expect(police.purpose).toBe('emergency');
      expect(police.breakGlass).toEqual({
        used: true,
        reason: REASON,
        authorisedBy: worker.subject,
        expiresAt: grant.expiresAt,
      });
      expect(police.disclosedPaths).toEqual(
        expect.arrayContaining(['/subject/givenName', '/subject/subjectId', '/location/latitude']),
      );
      const delivery = await deliveryOf(police);
      expect(delivery.extensions?.breakglass).toBe('true');
      expect(delivery.extensions?.breakglassexpires).toBe(grant.expiresAt);
      expect((delivery.data as { subject: { givenName?: string } }).subject.givenName).toBe('Florin');
      const ngo = during.get(NGO) as DisclosureData;
      expect(ngo.breakGlass).toEqual({ used: false });
      expect(ngo.purpose).toBe('safety-planning');
      expect(ngo.disclosedPaths).not.toContain('/subject/givenName');

      // when the window is over
      const wait = Date.parse(grant.expiresAt) - Date.now() + 1_000;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const after = await raise(schoolAlert('break-glass-after', subjectId), [POLICE]);

      // then
      const expired = after.get(POLICE) as DisclosureData;
      expect(expired.purpose).toBe('investigation');
      expect(expired.breakGlass).toEqual({ used: false });
      expect(expired.withheld).toContainEqual({
        path: '/subject/givenName',
        reason: 'consent-required',
        transformation: 'hash',
      });
      const afterDelivery = await deliveryOf(expired);
      expect(afterDelivery.extensions?.breakglass).toBe('false');
    }, 300_000);
  });

  describe('coverage areas', () => {
    it('given two police forces, when an alert from Westshire and one from Southshire arrive, then the Southshire-only force gets only the Southshire one and the Westshire force gets both', async () => {
      // given
      const westshire = schoolAlert('coverage-westshire');
      const southshire = schoolAlert('coverage-southshire');
      const data = southshire.data as { location: Record<string, unknown> };
      data.location = { ...data.location, region: 'Southshire', locality: 'Harbourside' };

      // when
      const west = await raise(westshire, [POLICE]);
      const south = await raise(southshire, [POLICE, HARBOUR_POLICE]);

      // then: one transaction holds every recipient's record, so what is not there now never will be
      expect(west.has(HARBOUR_POLICE)).toBe(false);
      expect(south.get(HARBOUR_POLICE)?.recipient).toEqual({
        partnerId: HARBOUR_POLICE,
        sector: 'law-enforcement',
      });
      const harbourTopic = await collect(reader(), topics.deliver(HARBOUR_POLICE), {
        until: (all) => all.length >= 1,
        settleMs: 3_000,
        timeoutMs: 30_000,
      });
      expect(harbourTopic.map((c) => c.event.causationid)).toEqual([southshire.id]);
    }, 240_000);
  });
});
