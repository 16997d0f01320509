import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { decodeCloudEvent, encodeCloudEvent, partnerSource, type CloudEvent } from '@beacon/messaging';
import type { Message } from 'kafkajs';
import { admitInboundBatch, REJECTION_TYPE, type InboundRecord } from './admit-inbound-batch';
import { DedupeStore } from './dedupe-store';

const registry = SchemaRegistry.load();
const alert = withOriginator(
  'org.beacon.alert.raised.v1',
  loadExamples().find((e) => e.type === 'org.beacon.alert.raised.v1')?.payload,
  'metro-police',
) as {
  subject: { subjectId: string };
};
const now = new Date('2026-11-25T10:00:00Z');

function inbound(id: string, offset: number, overrides: Partial<CloudEvent> = {}): InboundRecord {
  const encoded = encodeCloudEvent({
    id,
    source: partnerSource('metro-police'),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: '2026-11-25T09:59:00Z',
    subject: alert.subject.subjectId,
    datacontenttype: 'application/json',
    data: alert,
    ...overrides,
  });
  return {
    key: encoded.key as string,
    value: Buffer.from(encoded.value as string),
    headers: encoded.headers,
    offset: String(offset),
    timestamp: String(now.getTime() - 1000),
  };
}

function decode(message: Message) {
  const result = decodeCloudEvent({
    key: message.key as string,
    value: message.value as string,
    headers: message.headers,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

const batch = (records: InboundRecord[]) => ({
  topic: 'beacon.inbound.metro-police',
  partition: 2,
  partnerId: 'metro-police',
  records,
});

describe('admitting a batch from one inbound partition', () => {
  it('given good and bad records, then good ones are admitted with partner and receipt time, bad ones rejected in place', () => {
    const outcome = admitInboundBatch(
      batch([
        inbound('e1', 10),
        inbound('e2', 11, { type: 'org.beacon.alert.raised.v7' }),
        inbound('e3', 12),
      ]),
      registry,
      new DedupeStore(3600_000),
      now,
    );
    expect(outcome.accepted.map((m) => decode(m).id)).toEqual(['e1', 'e3']);
    expect(decode(outcome.accepted[0])).toMatchObject({
      partnerid: 'metro-police',
      receivedtime: '2026-11-25T09:59:59.000Z',
    });
    expect(outcome.rejections).toHaveLength(1);
    const rejection = decode(outcome.rejections[0]);
    expect(rejection).toMatchObject({ type: REJECTION_TYPE, subject: 'metro-police', causationid: 'e2' });
    expect(rejection.data).toMatchObject({
      eventId: 'e2',
      eventType: 'org.beacon.alert.raised.v7',
      inbound: { topic: 'beacon.inbound.metro-police', partition: 2, offset: '11' },
      reasons: [{ pointer: '/headers/ce_type' }],
    });
  });

  it('given a rejection, then it is valid under its own published schema', () => {
    const outcome = admitInboundBatch(batch([inbound('', 1)]), registry, new DedupeStore(1000), now);
    const rejection = decode(outcome.rejections[0]);
    expect(registry.validate(REJECTION_TYPE, rejection.data)).toEqual({ ok: true });
    expect(rejection.data).not.toHaveProperty('eventId');
  });

  it('given the same (source, id) twice in a batch or already remembered, then it is admitted once', () => {
    const store = new DedupeStore(3600_000);
    store.remember(DedupeStore.keyOf(partnerSource('metro-police'), 'old'), now.getTime() - 60_000);
    const outcome = admitInboundBatch(
      batch([inbound('new', 1), inbound('new', 2), inbound('old', 3)]),
      registry,
      store,
      now,
    );
    expect(outcome.accepted.map((m) => decode(m).id)).toEqual(['new']);
    expect(outcome.duplicates).toEqual([
      { eventId: 'new', offset: '2' },
      { eventId: 'old', offset: '3' },
    ]);
    expect(outcome.admittedKeys.map((m) => m.key)).toEqual([
      DedupeStore.keyOf(partnerSource('metro-police'), 'new'),
    ]);
  });

  it('given a pair remembered longer ago than the window, then a replay is admitted again and eviction drops it', () => {
    const store = new DedupeStore(3600_000);
    const key = DedupeStore.keyOf(partnerSource('metro-police'), 'e1');
    store.remember(key, now.getTime() - 2 * 3600_000);
    expect(admitInboundBatch(batch([inbound('e1', 1)]), registry, store, now).accepted).toHaveLength(1);
    expect(store.evict(now.getTime())).toBe(1);
    expect(store.size).toBe(0);
  });

  it('given a pair whose admission was rolled back, then it is forgotten and its redelivery is admitted', () => {
    const store = new DedupeStore(3600_000);
    const key = DedupeStore.keyOf(partnerSource('metro-police'), 'e1');
    store.remember(key, now.getTime());
    store.forget(key);
    expect(admitInboundBatch(batch([inbound('e1', 1)]), registry, store, now).accepted).toHaveLength(1);
  });
});

describe('admitting a batch of a partner that may not publish now', () => {
  it('given a suspended partner, when its good records are decided, then none is admitted and each is refused naming the partner', () => {
    // given
    const dedupe = new DedupeStore(3600_000);

    // when
    const outcome = admitInboundBatch(
      {
        ...batch([inbound('e1', 10), inbound('e2', 11)]),
        partnerRefusal: 'partner metro-police is suspended',
      },
      registry,
      dedupe,
      now,
    );

    // then
    expect(outcome.accepted).toEqual([]);
    expect(outcome.admittedKeys).toEqual([]);
    expect(outcome.remember).toEqual([]);
    expect(outcome.rejections.map((m) => decode(m).data)).toEqual([
      expect.objectContaining({
        eventId: 'e1',
        eventType: 'org.beacon.alert.raised.v1',
        partnerId: 'metro-police',
        inbound: { topic: 'beacon.inbound.metro-police', partition: 2, offset: '10' },
        reasons: [{ pointer: '', message: 'partner metro-police is suspended: its events are not admitted' }],
      }),
      expect.objectContaining({ eventId: 'e2' }),
    ]);
  });

  it('given a refused partner, when decided, then each rejection follows the rejection schema', () => {
    // when
    const outcome = admitInboundBatch(
      {
        ...batch([inbound('e1', 10)]),
        partnerRefusal: 'partner metro-police is not in the partner directory',
      },
      registry,
      new DedupeStore(3600_000),
      now,
    );

    // then
    const rejection = decode(outcome.rejections[0] as Message);
    expect(rejection.type).toBe(REJECTION_TYPE);
    expect(registry.validate(REJECTION_TYPE, rejection.data)).toEqual({ ok: true });
  });

  it('given the partner active again, when a record refused while it was not is sent again, then it is admitted (a refusal is not remembered)', () => {
    // given
    const dedupe = new DedupeStore(3600_000);
    admitInboundBatch(
      { ...batch([inbound('e1', 10)]), partnerRefusal: 'partner metro-police is suspended' },
      registry,
      dedupe,
      now,
    );

    // when
    const outcome = admitInboundBatch(batch([inbound('e1', 12)]), registry, dedupe, now);

    // then
    expect(outcome.accepted).toHaveLength(1);
    expect(outcome.rejections).toEqual([]);
  });
});
