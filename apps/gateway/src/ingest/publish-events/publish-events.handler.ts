import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { TopicRegistry } from '@beacon/messaging';
import { TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { INBOUND_EVENTS_PORT } from '../ingest.di-tokens';
import type { InboundEventsPort } from '../ports/inbound-events.port';
import { admitEventBatch } from './admit-event-batch';
import { PublishEventsCommand, type PublishEventsResult } from './publish-events.command';

/**
 * Admits a partner's events with intake's own rules and, when every one
 * passes, appends them to that partner's inbound topic.
 *
 * The gateway answers early but does not replace intake: intake still reads
 * every appended event, decides it again and drops one it already admitted,
 * so a partner that retries after a timeout publishes nothing twice.
 */
@CommandHandler(PublishEventsCommand)
export class PublishEventsHandler implements ICommandHandler<PublishEventsCommand, PublishEventsResult> {
  constructor(
    @Inject(INBOUND_EVENTS_PORT) private readonly inbound: InboundEventsPort,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({ partnerId, events }: PublishEventsCommand): Promise<PublishEventsResult> {
    // The token names the partner, so its events can only land on its own topic.
    const topic = this.topics.inbound(partnerId);
    const admission = admitEventBatch(events, { partnerId, registry: this.registry });
    if (!admission.ok) return admission.refusal;
    await this.inbound.append(topic, admission.records);
    return { accepted: true, ids: admission.ids, topic };
  }
}
