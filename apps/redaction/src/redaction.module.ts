import { Module } from '@nestjs/common';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { redactionGrants, redactionMigrations } from './database/migrations';
import { RedactionService } from './disclosure/redaction.service';
import { redactionSettings } from './redaction.settings';

/** beacon-redaction: see docs/architecture.md for its place in the flow. */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'redaction', spec: redactionSettings, usesPostgres: true }),
    MessagingModule.forApp('redaction'),
    PersistenceModule.forRootAsync({
      schema: 'redaction',
      migrations: redactionMigrations,
      grants: redactionGrants,
      entities: [],
    }),
  ],
  providers: [RedactionService],
})
export class RedactionModule {}
