import type { CloudEvent, EventPublisher, TopicKind, TopicRegistry } from '@beacon/messaging';
import type { OutboxMessage, PublishOutboxMessages } from '@beacon/persistence';
import { cloudEventFromOutbox } from './outbox-cloud-event';

/**
 * The relay's publish function of an app with an outbox: each outbox message becomes
 * its CloudEvent (binary mode, keyed by subject) on the topic its kind
 * names in this deployment's namespace, through the app's idempotent
 * producer. Consecutive messages for one topic go out in one send; runs for
 * different topics go out one after the other, so the outbox order holds.
 * Resolves once every send was acknowledged by all in-sync replicas.
 */
export function kafkaOutboxPublisher(
  publisher: Pick<EventPublisher, 'publish'>,
  topics: TopicRegistry,
): PublishOutboxMessages {
  return async (messages) => {
    for (const run of runsByTopic(messages, topics)) await publisher.publish(run.topic, run.events);
  };
}

function runsByTopic(
  messages: readonly OutboxMessage[],
  topics: TopicRegistry,
): { topic: string; events: CloudEvent[] }[] {
  const runs: { topic: string; events: CloudEvent[] }[] = [];
  for (const message of messages) {
    const topic = topicOf(message, topics);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.topic === topic) last.events.push(cloudEventFromOutbox(message));
    else runs.push({ topic, events: [cloudEventFromOutbox(message)] });
  }
  return runs;
}

// Only the canonical log takes events from the gateway's outbox; per-partner
// topics need a partner, which an outbox kind does not name.
function topicOf(message: OutboxMessage, topics: TopicRegistry): string {
  const kind = message.topicKind as TopicKind;
  if (kind === 'events') return topics.events;
  throw new Error(
    `outbox row ${message.id} (event ${message.eventId}) names topic kind "${message.topicKind}"; the gateway publishes only to "events"`,
  );
}
