import type { CloudEvent, EventPublisher, TopicKind, TopicRegistry } from '@beacon/messaging';
import type { OutboxMessage, PublishOutboxMessages } from '@beacon/persistence';
import { cloudEventFromOutbox } from '../referral-events';

/**
 * The relay's publish function for beacon-referrals: each outbox message
 * becomes its CloudEvent (binary mode, keyed by subject) on the namespace's
 * canonical log, through the app's idempotent producer, in outbox order.
 * Resolves once the send was acknowledged by all in-sync replicas.
 */
export function kafkaOutboxPublisher(
  publisher: Pick<EventPublisher, 'publish'>,
  topics: TopicRegistry,
): PublishOutboxMessages {
  return async (messages) => {
    const events: CloudEvent[] = messages.map((message) => {
      assertEventsTopic(message);
      return cloudEventFromOutbox(message);
    });
    if (events.length > 0) await publisher.publish(topics.events, events);
  };
}

// The referrals service may write only the canonical log (libs/messaging acls.ts); any other kind is a bug.
function assertEventsTopic(message: OutboxMessage): void {
  if ((message.topicKind as TopicKind) !== 'events') {
    throw new Error(
      `outbox row ${message.id} (event ${message.eventId}) names topic kind "${message.topicKind}"; beacon-referrals publishes only to "events"`,
    );
  }
}
