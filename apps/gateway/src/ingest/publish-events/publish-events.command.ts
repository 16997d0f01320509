import { Command } from '@nestjs/cqrs';
import type { RefusedEvents } from './admit-event-batch';
import type { StructuredEvent } from './structured-event';

/** The 202 answer: every event was admitted and written to the partner's inbound topic. */
export interface EventsAccepted {
  readonly accepted: true;
  /** The events' ids, in the order they were sent. */
  readonly ids: readonly string[];
  /** The inbound topic they were written to. */
  readonly topic: string;
}

export type PublishEventsResult = EventsAccepted | RefusedEvents;

/**
 * Publish a partner's events to its inbound topic, all of them or none.
 * The partner is the caller's, never one named in the events.
 */
export class PublishEventsCommand extends Command<PublishEventsResult> {
  constructor(
    /** The partner the caller's token belongs to. */
    readonly partnerId: string,
    /** The events as sent, in structured content mode. */
    readonly events: readonly StructuredEvent[],
  ) {
    super();
  }
}
