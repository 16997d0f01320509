import { topicsFor, type CloudEvent } from '@beacon/messaging';
import type { OutboxMessage } from '@beacon/persistence';
import { kafkaOutboxPublisher } from './kafka-outbox.publisher';

function row(id: number, topicKind = 'events'): OutboxMessage {
  const eventId = `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
  return {
    id: String(id),
    eventId,
    topicKind,
    key: 'subject-1',
    type: 'org.beacon.consent.granted.v1',
    headers: {
      id: eventId,
      source: 'urn:beacon:service:gateway',
      type: 'org.beacon.consent.granted.v1',
      specversion: '1.0',
      time: '2025-03-15T10:00:00.000Z',
      subject: 'subject-1',
    },
    payload: { n: id },
    createdAt: new Date(),
  };
}

function fakePublisher() {
  const sends: { topic: string; ids: string[] }[] = [];
  return {
    sends,
    publish: async (topic: string, events: CloudEvent | readonly CloudEvent[]) => {
      sends.push({ topic, ids: (Array.isArray(events) ? events : [events]).map((e: CloudEvent) => e.id) });
      return [];
    },
  };
}

describe('kafkaOutboxPublisher', () => {
  it('given a batch for the canonical log, then it goes out in one send to the namespace’s events topic, in order', async () => {
    // given
    const publisher = fakePublisher();
    const publish = kafkaOutboxPublisher(publisher, topicsFor('t1234'));

    // when
    await publish([row(1), row(2), row(3)]);

    // then
    expect(publisher.sends).toEqual([
      { topic: 't1234.events', ids: [row(1).eventId, row(2).eventId, row(3).eventId] },
    ]);
  });

  it('given a row for a topic kind the gateway does not publish to, then nothing of the batch is sent', async () => {
    // given
    const publisher = fakePublisher();
    const publish = kafkaOutboxPublisher(publisher, topicsFor('t1234'));

    // when / then
    await expect(publish([row(1), row(2, 'audit')])).rejects.toThrow('names topic kind "audit"');
    expect(publisher.sends).toEqual([]);
  });

  it('given a send the broker refuses, then the batch fails, so the relay leaves it unmarked', async () => {
    // given
    const publish = kafkaOutboxPublisher(
      {
        publish: async () => {
          throw new Error('NOT_ENOUGH_REPLICAS');
        },
      },
      topicsFor('t1234'),
    );

    // when / then
    await expect(publish([row(1)])).rejects.toThrow('NOT_ENOUGH_REPLICAS');
  });
});
