import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import {
  decodeCloudEvent,
  EventPublisher,
  ManagedConsumer,
  topicsFor,
  type CloudEvent,
} from '@beacon/messaging';
import { kafkaAs, loadTestStack, SuiteNamespace } from '../support/test-stack';

describe('CloudEvents over the real broker', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  const afterAllStop: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police']);
  });
  afterAll(async () => {
    await Promise.all(afterAllStop.map((stop) => stop()));
    await ns.dispose();
  });

  it('given an event published through libs/messaging, when it is consumed, then every attribute and the data arrive intact', async () => {
    const topics = topicsFor(ns.namespace);
    const kafka = kafkaAs(stack.kafka.admin, 'ce-roundtrip');
    const sent: CloudEvent<{ urgency: string; indicators: string[] }> = {
      id: randomUUID(),
      source: 'urn:beacon:partner:metro-police',
      type: 'org.beacon.alert.raised.v1',
      specversion: '1.0',
      time: '2026-11-25T08:15:30.123Z',
      subject: 'subj-7f3a',
      dataschema: 'https://beacon.example/schemas/org.beacon.alert.raised.v1.json',
      datacontenttype: 'application/json',
      correlationid: randomUUID(),
      causationid: randomUUID(),
      data: { urgency: 'urgent', indicators: ['no-identity-documents', 'signs-of-physical-abuse'] },
    };

    const publisher = EventPublisher.create(kafka);
    await publisher.connect();
    await publisher.publish(topics.events, sent);
    await publisher.disconnect();

    const received = await new Promise<KafkaMessage>((resolve, reject) => {
      const consumer = new ManagedConsumer(kafka, {
        groupId: topics.consumerGroup('roundtrip'),
        topics: [topics.events],
        eachMessage: async ({ message }) => {
          resolve(message);
        },
        onFatal: reject,
      });
      afterAllStop.push(() => consumer.stop());
      consumer.start().catch(reject);
    });

    expect(received.key?.toString()).toBe(sent.subject);
    const headers = Object.fromEntries(
      Object.entries(received.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers).toEqual({
      ce_specversion: '1.0',
      ce_id: sent.id,
      ce_source: sent.source,
      ce_type: sent.type,
      ce_time: sent.time,
      ce_subject: sent.subject,
      ce_dataschema: sent.dataschema,
      ce_correlationid: sent.correlationid,
      ce_causationid: sent.causationid,
      'content-type': 'application/json',
    });
    const decoded = decodeCloudEvent(received);
    expect(decoded).toEqual({ ok: true, event: sent });
  });
});
