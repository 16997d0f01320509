import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@beacon/auth';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { AccessLogModule } from './access-log/access-log.module';
import { BreakGlassModule } from './break-glass/break-glass.module';
import { ConsentModule } from './consent/consent.module';
import { ContractModule } from './contract/contract.module';
import { gatewayGrants, gatewayMigrations } from './database/migrations';
import { gatewaySettings } from './gateway.settings';
import { WhoAmIHttpController } from './identity/who-am-i.http.controller';
import { InboxModule } from './inbox/inbox.module';
import { IngestModule } from './ingest/ingest.module';
import { PARTNER_STATUS_WATCH } from './partner-access/partner-access.di-tokens';
import { PartnerAccessModule } from './partner-access/partner-access.module';
import { UpstreamModule } from './upstream/upstream.module';

/**
 * beacon-gateway: the HTTP face of Beacon. Every route needs a verified
 * token of a partner that may act now, unless it is marked public (the
 * health check is).
 */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'gateway', spec: gatewaySettings, usesPostgres: true }),
    MessagingModule.forApp('gateway'),
    PersistenceModule.forRootAsync({
      schema: 'gateway',
      migrations: gatewayMigrations,
      entities: [],
      // The redaction service reads consents and break-glass grants, and nothing else of this schema.
      grants: gatewayGrants,
    }),
    // Tokens of a partner that is suspended, removed or unknown to the directory are refused.
    AuthModule.fromSettings({
      partnerStatus: { imports: [PartnerAccessModule], useExisting: PARTNER_STATUS_WATCH },
    }),
    CqrsModule.forRoot(),
    AccessLogModule,
    IngestModule,
    ContractModule,
    ConsentModule,
    BreakGlassModule,
    UpstreamModule,
    InboxModule,
  ],
  controllers: [WhoAmIHttpController],
})
export class GatewayModule {}
