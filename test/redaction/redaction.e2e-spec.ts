import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { generateSigningKey, writeJwksFile } from '@beacon/auth';
import { encodeCloudEvent, topicsFor, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import { kafkaAs, loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];

const alert = (seq: number): CloudEvent => schoolAlert(`run-${seq}`);

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string; sector: string };
  disclosedPaths: string[];
  withheld: { path: string; transformation: string }[];
  delivery: { topic: string; id: string };
}

function pointerGet(data: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, token) =>
        node === undefined || node === null
          ? undefined
          : (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')],
      data,
    );
}

describe('redaction: each partner sees only what its policy allows, and every delivery is recorded', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let keysDir: string;
  const apps: RunningApp[] = [];
  let redaction: RunningApp;
  let school: Producer;
  const reader = () => kafkaAs(stack.kafka.admin, 'redaction-e2e-reader');

  async function readAll(expectedRecords: number) {
    const records = await collect(reader(), topics.audit, {
      count: expectedRecords,
      timeoutMs: 120_000,
      settleMs: 3000,
    });
    const deliveries: Collected[] = [];
    for (const partner of PARTNERS) {
      deliveries.push(
        ...(await collect(reader(), topics.deliver(partner), { count: 0, timeoutMs: 1, settleMs: 4000 })),
      );
    }
    return { records, deliveries };
  }

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    keysDir = mkdtempSync(join(tmpdir(), 'beacon-keys-'));
    const { publicJwk } = generateSigningKey('redaction-test', 'ES256');
    writeJwksFile(join(keysDir, 'jwks.json'), [publicJwk]);
    // The gateway owns the consent tables the redaction service reads.
    apps.push(
      await startApp(stack, 'gateway', ns.namespace, {
        AUTH_JWKS_FILE: join(keysDir, 'jwks.json'),
        AUTH_ISSUER: 'urn:beacon:test',
        AUTH_AUDIENCE: 'beacon',
      }),
    );
    apps.push(await startApp(stack, 'intake', ns.namespace));
    redaction = await startApp(stack, 'redaction', ns.namespace);
    school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
  }, 180_000);

  afterAll(async () => {
    await school?.disconnect();
    await redaction?.stop();
    await Promise.all(apps.map((a) => a.stop()));
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
      await ns.dispose();
    }
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('given one alert, then each routed partner gets exactly the fields its record says, and one record per delivery', async () => {
    const event = alert(0);
    await school.send({ topic: topics.inbound('northside-school'), messages: [encodeCloudEvent(event)] });
    const { records, deliveries } = await readAll(3);

    const forEvent = records.filter((r) => (r.event.data as DisclosureData).event.id === event.id);
    const recipients = forEvent.map((r) => (r.event.data as DisclosureData).recipient.sector).sort();
    expect(recipients).toEqual(['health-care', 'law-enforcement', 'ngo']);
    expect(deliveries.filter((d) => d.event.causationid === event.id)).toHaveLength(3);

    for (const record of forEvent) {
      const data = record.event.data as DisclosureData;
      const delivery = deliveries.find((d) => d.event.id === data.delivery.id);
      expect({ partner: data.recipient.partnerId, found: delivery !== undefined }).toEqual({
        partner: data.recipient.partnerId,
        found: true,
      });
      const delivered = delivery?.event.data;
      for (const path of data.disclosedPaths) {
        expect({ path, value: pointerGet(delivered, path) }).toEqual({
          path,
          value: pointerGet(event.data, path),
        });
      }
      for (const w of data.withheld.filter((x) => x.transformation === 'drop')) {
        expect({
          partner: data.recipient.partnerId,
          path: w.path,
          value: pointerGet(delivered, w.path),
        }).toEqual({
          partner: data.recipient.partnerId,
          path: w.path,
          value: undefined,
        });
      }
      expect(delivery?.event.extensions?.disclosureid).toBe(record.event.id);
    }
    // The school raised it: nothing goes back to it.
    expect(
      (
        await collect(reader(), topics.deliver('northside-school'), {
          count: 0,
          timeoutMs: 1,
          settleMs: 2000,
        })
      ).length,
    ).toBe(0);
  });

  it('given the redaction app is killed with SIGKILL mid-run and restarted, then every delivery has exactly one record and no duplicate is visible', async () => {
    const total = 1500;
    const events = Array.from({ length: total }, (_, i) => alert(i + 1));
    const send = async (slice: CloudEvent[]) => {
      for (let i = 0; i < slice.length; i += 250) {
        await school.send({
          topic: topics.inbound('northside-school'),
          messages: slice.slice(i, i + 250).map((e) => encodeCloudEvent(e)),
        });
      }
    };
    await send(events.slice(0, 750));
    // Let redaction get going, then kill it without warning in the middle of its work.
    await collect(reader(), topics.audit, { count: 3 + 300, timeoutMs: 60_000, settleMs: 0 });
    redaction.child.kill('SIGKILL');
    await new Promise((resolve) => redaction.child.once('exit', resolve));
    await send(events.slice(750));
    redaction = await startApp(stack, 'redaction', ns.namespace);

    const { records, deliveries } = await readAll(3 * (total + 1));
    const recordDeliveryIds = records.map((r) => (r.event.data as DisclosureData).delivery.id);
    const deliveryIds = deliveries.map((d) => d.event.id);
    const counts = (ids: string[]) =>
      ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
    const recordCounts = counts(recordDeliveryIds);
    const deliveryCounts = counts(deliveryIds);
    const sourceIds = new Set(events.map((e) => e.id));
    const deliveredSources = new Set(deliveries.map((d) => d.event.causationid));

    expect({
      records: records.length,
      deliveries: deliveries.length,
      duplicateRecords: [...recordCounts.values()].filter((n) => n > 1).length,
      duplicateDeliveries: [...deliveryCounts.values()].filter((n) => n > 1).length,
      deliveriesWithoutRecord: deliveryIds.filter((id) => !recordCounts.has(id)).length,
      recordsWithoutDelivery: recordDeliveryIds.filter((id) => !deliveryCounts.has(id)).length,
      eventsMissing: [...sourceIds].filter((id) => !deliveredSources.has(id)).length,
    }).toEqual({
      records: 3 * (total + 1),
      deliveries: 3 * (total + 1),
      duplicateRecords: 0,
      duplicateDeliveries: 0,
      deliveriesWithoutRecord: 0,
      recordsWithoutDelivery: 0,
      eventsMissing: 0,
    });
  }, 300_000);
});
