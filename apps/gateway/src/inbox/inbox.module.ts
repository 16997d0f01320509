import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TopicRegistry } from '@beacon/messaging';
import { TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { ConfirmPurgeHandler } from './commands/confirm-purge/confirm-purge.handler';
import { ConfirmPurgeHttpController } from './commands/confirm-purge/confirm-purge.http.controller';
import { IssueStreamTicketHandler } from './commands/issue-stream-ticket/issue-stream-ticket.handler';
import { IssueStreamTicketHttpController } from './commands/issue-stream-ticket/issue-stream-ticket.http.controller';
import { ProjectDeliveriesHandler } from './commands/project-deliveries/project-deliveries.handler';
import { ProjectDeliveriesKafkaConsumer } from './commands/project-deliveries/project-deliveries.kafka.consumer';
import { PurgeInboxHandler } from './commands/purge-inbox/purge-inbox.handler';
import { PurgeInboxScheduler } from './commands/purge-inbox/purge-inbox.scheduler';
import { PostgresInboxNotifications } from './database/postgres-inbox-notifications.adapter';
import { PostgresInboxStore } from './database/postgres-inbox-store.adapter';
import { PostgresRetractionStore } from './database/postgres-retraction-store.adapter';
import { PostgresStreamTicketStore } from './database/postgres-stream-ticket-store.adapter';
import { PartnerAccessModule } from '../partner-access/partner-access.module';
import {
  INBOX_NOTIFICATIONS,
  INBOX_SETTINGS,
  INBOX_STORE,
  RETRACTION_STORE,
  STREAM_TICKET_STORE,
} from './inbox.di-tokens';
import { inboxSettingsFrom } from './inbox-settings';
import { ListInboxHandler } from './queries/list-inbox/list-inbox.handler';
import { ListInboxHttpController } from './queries/list-inbox/list-inbox.http.controller';
import { ListRetractionsHandler } from './queries/list-retractions/list-retractions.handler';
import { ListRetractionsHttpController } from './queries/list-retractions/list-retractions.http.controller';
import { InboxStreamAuthenticator } from './queries/stream-inbox/inbox-stream-authenticator';
import { StreamInboxHandler } from './queries/stream-inbox/stream-inbox.handler';
import { StreamInboxHttpController } from './queries/stream-inbox/stream-inbox.http.controller';

/**
 * The case-worker inbox (docs/inbox.md): the projector stores every
 * delivery to a partner in the gateway's schema and signals it with
 * NOTIFY; case workers read their partner's items live (Server-Sent Events,
 * with resume) or page by page. A retraction on the delivery topic removes
 * the deliveries it lists; the partner's system confirms its own purge and
 * auditors see the retractions still unconfirmed.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource, the
 * messaging edge (Kafka client, admin, topic registry) and the auth module
 * (JwtVerifier, and the partner status check the stream's credential must pass).
 */
@Module({
  // Open streams end when their partner may no longer act.
  imports: [PartnerAccessModule],
  controllers: [
    StreamInboxHttpController,
    ListInboxHttpController,
    IssueStreamTicketHttpController,
    ConfirmPurgeHttpController,
    ListRetractionsHttpController,
  ],
  providers: [
    {
      provide: INBOX_SETTINGS,
      inject: [ConfigService, TOPIC_REGISTRY],
      useFactory: (config: ConfigService, topics: TopicRegistry) => inboxSettingsFrom(config, topics),
    },
    { provide: INBOX_STORE, useClass: PostgresInboxStore },
    { provide: STREAM_TICKET_STORE, useClass: PostgresStreamTicketStore },
    { provide: RETRACTION_STORE, useClass: PostgresRetractionStore },
    ConfirmPurgeHandler,
    ListRetractionsHandler,
    PostgresInboxNotifications,
    { provide: INBOX_NOTIFICATIONS, useExisting: PostgresInboxNotifications },
    ProjectDeliveriesHandler,
    ProjectDeliveriesKafkaConsumer,
    PurgeInboxHandler,
    PurgeInboxScheduler,
    IssueStreamTicketHandler,
    ListInboxHandler,
    StreamInboxHandler,
    InboxStreamAuthenticator,
  ],
})
export class InboxModule {}
