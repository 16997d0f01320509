import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { loadExamples } from '@beacon/contracts';
import {
  encodeCloudEvent,
  partnerSource,
  topicsFor,
  type CloudEvent,
  type TopicRegistry,
} from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { collect } from '../support/collect';
import { kafkaAs, loadTestStack, startApp, SuiteNamespace } from '../support/test-stack';

const ALERT = loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload as Record<
  string,
  unknown
>;
const TIP_TYPE = 'org.beacon.tip.submitted.v1';
const TIP = loadExamples().find((e) => e.type === TIP_TYPE)?.payload as Record<string, unknown>;

const subjectIds = new Map<string, string>();
/** Subjects are UUIDs in Beacon; tests name them and get a stable UUID per name. */
function subjectId(name: string): string {
  if (!subjectIds.has(name)) subjectIds.set(name, randomUUID());
  return subjectIds.get(name) as string;
}

function alertFrom(partnerId: string, subjectName: string, seq: number): CloudEvent {
  const subject = subjectId(subjectName);
  return {
    id: randomUUID(),
    source: partnerSource(partnerId),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: new Date().toISOString(),
    subject,
    datacontenttype: 'application/json',
    correlationid: `corr-${seq}`,
    data: {
      ...ALERT,
      raisedBy: {
        ...(ALERT.raisedBy as object),
        organisation: { partnerId, name: partnerId, sector: 'law-enforcement' },
      },
      subject: { ...(ALERT.subject as object), subjectId: subject },
      narrative: `sequence ${seq}`,
    },
  };
}

/** Raw records, so a test can send what a careless or hostile partner would. */
function raw(
  event: CloudEvent,
  patch: { value?: Buffer | string; headers?: Record<string, string | undefined> } = {},
) {
  const encoded = encodeCloudEvent(event);
  const headers: IHeaders = { ...(encoded.headers as Record<string, string>) };
  for (const [name, value] of Object.entries(patch.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { key: event.subject, value: patch.value ?? (encoded.value as string), headers };
}

describe('intake: every inbound event validated, every refusal explained', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let intake: RunningApp;
  let police: Kafka;
  let policeProducer: Producer;
  const reader = () => kafkaAs(stack.kafka.admin, 'intake-e2e-reader');

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour']);
    topics = topicsFor(ns.namespace);
    intake = await startApp(stack, 'intake', ns.namespace, { INTAKE_TOPIC_REFRESH_SECONDS: '2' });
    police = kafkaAs(stack.kafka.partners['metro-police'], 'metro-police-rms');
    policeProducer = police.producer({ idempotent: true, maxInFlightRequests: 1 });
    await policeProducer.connect();
  }, 120_000);

  afterAll(async () => {
    await policeProducer?.disconnect();
    await intake?.stop();
    await ns?.dispose();
  });

  it('given valid events from two partners, then they reach the canonical log intact, in order per subject', async () => {
    const harbour = kafkaAs(stack.kafka.partners['safe-harbour'], 'safe-harbour-tool').producer({
      idempotent: true,
    });
    await harbour.connect();
    const sent: CloudEvent[] = [];
    for (let i = 0; i < 20; i++) sent.push(alertFrom('metro-police', `subj-${i % 3}`, i));
    const tips: CloudEvent[] = [0, 1].map((i) => ({
      ...alertFrom('safe-harbour', `tip-subj-${i}`, 100 + i),
      subject: TIP.subjectId as string,
      type: TIP_TYPE,
      data: { ...TIP, receivedBy: { ...(TIP.receivedBy as object), partnerId: 'safe-harbour' } },
    }));
    for (const event of sent)
      await policeProducer.send({ topic: topics.inbound('metro-police'), messages: [raw(event)] });
    await harbour.send({ topic: topics.inbound('safe-harbour'), messages: tips.map((t) => raw(t)) });
    await harbour.disconnect();

    const received = await collect(reader(), topics.events, { count: 22 });
    expect(received).toHaveLength(22);
    const byId = new Map(received.map((r) => [r.event.id, r]));
    for (const event of [...sent, ...tips]) {
      const got = byId.get(event.id);
      expect(got?.event).toEqual({
        ...event,
        dataschema: `https://schemas.beacon.example/${event.type}.json`,
        partnerid: event.source.split(':').pop(),
        receivedtime: expect.any(String),
      });
      expect(got?.message.key?.toString()).toBe(event.subject);
    }
    for (const subject of ['subj-0', 'subj-1', 'subj-2'].map(subjectId)) {
      const order = received
        .filter((r) => r.event.subject === subject)
        .map((r) => Number(r.event.correlationid?.slice(5)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(received.filter((r) => r.event.subject === subject).map((r) => r.partition)).size).toBe(
        1,
      );
    }
  });

  it('given each class of bad input, then each gets a rejection with its reason and the good event after it still arrives', async () => {
    const good = () => alertFrom('metro-police', 'subj-after-bad', 0);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const base = good();
    const badCases: { name: string; record: ReturnType<typeof raw>; pointer: string; message: RegExp }[] = [
      {
        name: 'not JSON',
        record: raw(good(), { value: '{"alertId": ' }),
        pointer: '/data',
        message: /not JSON/,
      },
      {
        name: 'invalid UTF-8',
        record: raw(good(), { value: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }),
        pointer: '/data',
        message: /UTF-8/,
      },
      {
        name: 'wrong content type',
        record: raw(good(), { headers: { 'content-type': 'text/csv' } }),
        pointer: '/headers/content-type',
        message: /application\/json/,
      },
      {
        name: 'missing header',
        record: raw(good(), { headers: { ce_type: undefined } }),
        pointer: '/headers/ce_type',
        message: /required/,
      },
      {
        name: 'blank header',
        record: raw(good(), { headers: { ce_source: '' } }),
        pointer: '/headers/ce_source',
        message: /required/,
      },
      {
        name: 'unknown type',
        record: raw({ ...good(), type: 'org.beacon.sighting.reported.v1' }),
        pointer: '/headers/ce_type',
        message: /unknown event type/,
      },
      {
        name: 'unknown version',
        record: raw({ ...good(), type: 'org.beacon.alert.raised.v4' }),
        pointer: '/headers/ce_type',
        message: /version 4 of alert.raised does not exist/,
      },
      {
        name: 'over 1 MiB',
        record: raw(good(), { value: JSON.stringify({ ...ALERT, narrative: 'x'.repeat(1100 * 1024) }) }),
        pointer: '/data',
        message: /at most 1048576/,
      },
      {
        name: 'too deep',
        record: raw({ ...good(), data: { ...ALERT, extra: deep } }),
        pointer: '/data',
        message: /nesting is deeper than 32/,
      },
      {
        name: '__proto__ key',
        record: raw(good(), { value: '{"__proto__":{"polluted":true}}' }),
        pointer: '/data/__proto__',
        message: /not allowed/,
      },
      {
        name: 'constructor key',
        record: raw(good(), { value: '{"constructor":{"prototype":{}}}' }),
        pointer: '/data/constructor',
        message: /not allowed/,
      },
      {
        name: 'number out of range',
        record: raw({
          ...good(),
          data: { ...ALERT, location: { ...(ALERT.location as object), latitude: 123.4 } },
        }),
        pointer: '/data/location/latitude',
        message: /at most 90/,
      },
      {
        name: 'over-long string',
        record: raw({ ...good(), data: { ...ALERT, narrative: 'n'.repeat(50_000) } }),
        pointer: '/data/narrative',
        message: /at most/,
      },
      {
        name: 'date that is not a date',
        record: raw({ ...good(), data: { ...ALERT, observedAt: '2026-02-31T25:00:00Z' } }),
        pointer: '/data/observedAt',
        message: /./,
      },
      {
        // JSON.stringify writes a lone surrogate as the escape "\ud800": valid JSON, not valid Unicode.
        name: 'lone surrogate in a string',
        record: raw({ ...good(), data: { ...(base.data as object), narrative: 'seen at the \ud800 dock' } }),
        pointer: '/data/narrative',
        message: /^string contains a lone surrogate \(U\+D800\); I-JSON \(RFC 7493\) requires valid Unicode$/,
      },
      {
        name: 'lone surrogate in a member name',
        record: raw({ ...good(), data: { ...(base.data as object), '\udc00': 'x' } }),
        pointer: '/data/\ufffd',
        message: /^member name contains a lone surrogate \(U\+DC00\)/,
      },
      {
        name: 'member name twice',
        record: raw(good(), {
          value: `{"narrative":"shown to the schema",${JSON.stringify(base.data).slice(1)}`,
        }),
        pointer: '/data/narrative',
        message: /^member name "narrative" occurs more than once in this object; I-JSON \(RFC 7493\)/,
      },
      {
        name: 'another partner’s source',
        record: raw({ ...good(), source: partnerSource('safe-harbour') }),
        pointer: '/headers/ce_source',
        message: /not this partner's source/,
      },
    ];
    const goods: CloudEvent[] = [];
    for (const bad of badCases) {
      const after = { ...base, id: randomUUID() };
      goods.push(after);
      await policeProducer.send({
        topic: topics.inbound('metro-police'),
        messages: [bad.record, raw(after)],
      });
    }

    const rejections = await collect(reader(), topics.rejections('metro-police'), { count: badCases.length });
    expect(rejections).toHaveLength(badCases.length);
    rejections.sort((a, b) =>
      Number(
        BigInt((a.event.data as { inbound: { offset: string } }).inbound.offset) -
          BigInt((b.event.data as { inbound: { offset: string } }).inbound.offset),
      ),
    );
    badCases.forEach((bad, i) => {
      const reasons = (rejections[i].event.data as { reasons: { pointer: string; message: string }[] })
        .reasons;
      expect({
        case: bad.name,
        matched: reasons.some((r) => r.pointer.startsWith(bad.pointer) && bad.message.test(r.message)),
      }).toEqual({
        case: bad.name,
        matched: true,
      });
    });

    const events = await collect(reader(), topics.events, { count: 22 + goods.length });
    const ids = new Set(events.map((e) => e.event.id));
    expect(goods.filter((g) => !ids.has(g.id))).toEqual([]);
    expect(events).toHaveLength(22 + goods.length);
  });

  it('given a replayed event, when it is sent again before and after intake restarts, then it is published once', async () => {
    const event = alertFrom('metro-police', 'subj-replay', 1);
    await policeProducer.send({ topic: topics.inbound('metro-police'), messages: [raw(event), raw(event)] });
    const seen = (id: string) => (all: readonly { event: CloudEvent }[]) =>
      all.some((e) => e.event.id === id);
    const first = await collect(reader(), topics.events, { until: seen(event.id) });
    expect(first.filter((e) => e.event.id === event.id)).toHaveLength(1);

    await intake.stop();
    intake = await startApp(stack, 'intake', ns.namespace, { INTAKE_TOPIC_REFRESH_SECONDS: '2' });
    const marker = alertFrom('metro-police', 'subj-replay', 2);
    // The marker comes after the replay on the same partition: once it is in, the replay was decided.
    await policeProducer.send({ topic: topics.inbound('metro-police'), messages: [raw(event), raw(marker)] });
    const after = await collect(reader(), topics.events, { until: seen(marker.id) });
    expect(after.filter((e) => e.event.id === marker.id)).toHaveLength(1);
    expect(after.filter((e) => e.event.id === event.id)).toHaveLength(1);
  });

  it('given a partner, then it may neither write another partner’s inbound topic nor read its rejections', async () => {
    const harbour = kafkaAs(stack.kafka.partners['safe-harbour'], 'safe-harbour-snoop');
    const producer = harbour.producer({ idempotent: true });
    await producer.connect();
    await expect(
      producer.send({
        topic: topics.inbound('metro-police'),
        messages: [raw(alertFrom('metro-police', 's', 1))],
      }),
    ).rejects.toThrow(/Not authorized/);
    await producer.disconnect();
    await expect(
      collect(harbour, topics.rejections('metro-police'), {
        count: 1,
        groupId: topics.consumerGroup('partner.safe-harbour.snoop'),
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(/Not authorized|authorization/i);
  });

  it('given a burst of 5,000 events, then every one arrives exactly once', async () => {
    const burst = Array.from({ length: 5000 }, (_, i) => alertFrom('metro-police', `burst-${i % 50}`, i));
    for (let i = 0; i < burst.length; i += 500) {
      await policeProducer.send({
        topic: topics.inbound('metro-police'),
        messages: burst.slice(i, i + 500).map((e) => raw(e)),
      });
    }
    const wanted = new Set(burst.map((e) => e.id));
    const all = await collect(reader(), topics.events, {
      until: (seen) => seen.filter((e) => wanted.has(e.event.id)).length >= wanted.size,
      timeoutMs: 90_000,
      settleMs: 2000,
    });
    const counts = new Map<string, number>();
    for (const e of all) counts.set(e.event.id, (counts.get(e.event.id) ?? 0) + 1);
    expect(burst.filter((e) => counts.get(e.id) !== 1).length).toBe(0);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);
});
