import { Module } from '@nestjs/common';
import { SchemaRegistry } from '@beacon/contracts';
import { INBOUND_EVENTS_PORT } from './ingest.di-tokens';
import { KafkaInboundEventsAdapter } from './kafka/kafka-inbound-events.adapter';
import { PublishEventsHandler } from './publish-events/publish-events.handler';
import { PublishEventsHttpController } from './publish-events/publish-events.http.controller';

/**
 * HTTP ingest: partners without a Kafka client POST CloudEvents, which land
 * on their inbound topic exactly as if they had produced them. Needs the
 * CQRS command bus and the messaging edge from the root module.
 */
@Module({
  controllers: [PublishEventsHttpController],
  providers: [
    PublishEventsHandler,
    { provide: INBOUND_EVENTS_PORT, useClass: KafkaInboundEventsAdapter },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class IngestModule {}
