/**
 * beacon-referrals against the run's real Kafka and Postgres: a
 * `referral.created` on the canonical log becomes a delivered referral in
 * Postgres and a `referral.status-changed` (delivered) back on the log, once
 * per created event, with possible duplicates flagged.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { loadExamples, SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  EventPublisher,
  partnerSource,
  topicsFor,
  type CloudEvent,
  type TopicRegistry,
} from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { collect, type Collected } from '../support/collect';
import { kafkaAs, loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

const CREATED_TYPE = 'org.beacon.referral.created.v1';
const STATUS_CHANGED_TYPE = 'org.beacon.referral.status-changed.v1';
// From metro-police (data.from) to safe-harbour (data.to).
const EXAMPLE = loadExamples().find(
  (e) => e.type === CREATED_TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
)?.payload as ReferralCreatedV1Data;

/** The example with fresh ids, as metro-police's RMS would send it after intake admitted it. */
function referralCreated(subjectId: string, referralId = randomUUID()): CloudEvent<ReferralCreatedV1Data> {
  return {
    id: randomUUID(),
    source: partnerSource('metro-police'),
    type: CREATED_TYPE,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: subjectId,
    dataschema: SchemaRegistry.load().dataschemaFor(CREATED_TYPE),
    datacontenttype: 'application/json',
    partnerid: 'metro-police',
    data: { ...EXAMPLE, referralId, subject: { ...EXAMPLE.subject, subjectId } },
  };
}

interface ReferralRow {
  referral_id: string;
  subject_id: string;
  originator_partner_id: string;
  receiver_partner_id: string;
  status: string;
  urgency: string;
  possible_duplicate: boolean;
  created_from_event_id: string;
}

describe('referrals: a referral.created is delivered and announced once', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let app: RunningApp;
  let publisher: EventPublisher;
  let schema: string;
  const reader = (): Kafka => kafkaAs(stack.kafka.admin, 'referrals-e2e-reader');

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour']);
    topics = topicsFor(ns.namespace);
    schema = `${ns.namespace}_referrals`;
    app = await startApp(stack, 'referrals', ns.namespace);
    publisher = EventPublisher.create(kafkaAs(stack.kafka.admin, `${ns.namespace}-admin-producer`));
    await publisher.connect();
  }, 120_000);

  afterAll(async () => {
    await publisher?.disconnect();
    await app?.stop();
    if (schema !== undefined) {
      await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    }
    await ns?.dispose();
  });

  async function referralsOf(subjectId: string): Promise<ReferralRow[]> {
    return withDatabase(stack, async (db) => {
      const result = await db.query<ReferralRow>(
        `SELECT referral_id, subject_id, originator_partner_id, receiver_partner_id, status, urgency,
                possible_duplicate, created_from_event_id
           FROM "${schema}".referrals WHERE subject_id = $1 ORDER BY received_at`,
        [subjectId],
      );
      return result.rows;
    });
  }

  const statusChangesOf =
    (subjectId: string) =>
    (all: readonly Collected[]): Collected[] =>
      all.filter((c) => c.event.type === STATUS_CHANGED_TYPE && c.event.subject === subjectId);

  it('given a referral.created from metro-police to safe-harbour, then a delivered status change keyed by the subject appears, once, and the referral is stored delivered', async () => {
    // given
    const subjectId = randomUUID();
    const created = referralCreated(subjectId);

    // when
    await publisher.publish(topics.events, created);

    // then
    const changes = statusChangesOf(subjectId)(
      await collect(reader(), topics.events, {
        until: (seen) => statusChangesOf(subjectId)(seen).length >= 1,
      }),
    );
    expect(changes).toHaveLength(1);
    const [delivered] = changes;
    expect(delivered.message.key?.toString()).toBe(subjectId);
    expect(delivered.event).toMatchObject({
      source: 'urn:beacon:service:referrals',
      type: STATUS_CHANGED_TYPE,
      subject: subjectId,
      causationid: created.id,
      dataschema: SchemaRegistry.load().dataschemaFor(STATUS_CHANGED_TYPE),
    });
    expect(delivered.event.data).toMatchObject({
      referralId: created.data.referralId,
      subjectId,
      fromStatus: 'created',
      toStatus: 'delivered',
      actor: { organisation: { partnerId: 'safe-harbour' } },
    });
    expect(SchemaRegistry.load().validate(STATUS_CHANGED_TYPE, delivered.event.data)).toEqual({ ok: true });

    expect(await referralsOf(subjectId)).toEqual([
      {
        referral_id: created.data.referralId,
        subject_id: subjectId,
        originator_partner_id: 'metro-police',
        receiver_partner_id: 'safe-harbour',
        status: 'delivered',
        urgency: 'priority',
        possible_duplicate: false,
        created_from_event_id: created.id,
      },
    ]);
  });

  it('given the same referral.created twice, then there is still one referral and one status change', async () => {
    // given
    const subjectId = randomUUID();
    const created = referralCreated(subjectId);
    await publisher.publish(topics.events, created);
    await collect(reader(), topics.events, { until: (seen) => statusChangesOf(subjectId)(seen).length >= 1 });

    // when: the replay, then a marker on the same subject (same partition, so read after the replay)
    const marker = referralCreated(subjectId);
    await publisher.publish(topics.events, [
      created,
      { ...marker, data: { ...marker.data, urgency: 'routine' } },
    ]);
    const all = await collect(reader(), topics.events, {
      until: (seen) => statusChangesOf(subjectId)(seen).length >= 2,
      settleMs: 3000,
    });

    // then
    const changes = statusChangesOf(subjectId)(all);
    expect(changes.map((c) => (c.event.data as { referralId: string }).referralId).sort()).toEqual(
      [created.data.referralId, marker.data.referralId].sort(),
    );
    const rows = await referralsOf(subjectId);
    expect(rows.filter((r) => r.created_from_event_id === created.id)).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('given a second open referral for the same subject to the same receiver, then both are flagged possible duplicates', async () => {
    // given
    const subjectId = randomUUID();
    const first = referralCreated(subjectId);
    await publisher.publish(topics.events, first);
    await collect(reader(), topics.events, { until: (seen) => statusChangesOf(subjectId)(seen).length >= 1 });
    expect((await referralsOf(subjectId)).map((r) => r.possible_duplicate)).toEqual([false]);

    // when
    const second = referralCreated(subjectId);
    await publisher.publish(topics.events, second);
    await collect(reader(), topics.events, { until: (seen) => statusChangesOf(subjectId)(seen).length >= 2 });

    // then
    const rows = await referralsOf(subjectId);
    expect(rows.map((r) => [r.referral_id, r.status, r.possible_duplicate])).toEqual([
      [first.data.referralId, 'delivered', true],
      [second.data.referralId, 'delivered', true],
    ]);
  });
});
