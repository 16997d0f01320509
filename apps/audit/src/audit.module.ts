import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { auditMigrations } from './database/migrations';
import { auditSettings } from './audit.settings';
import { TrailModule } from './trail/trail.module';

/** beacon-audit: see docs/architecture.md for its place in the flow. */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'audit', spec: auditSettings, usesPostgres: true }),
    MessagingModule.forApp('audit'),
    PersistenceModule.forRootAsync({ schema: 'audit', migrations: auditMigrations, entities: [] }),
    CqrsModule.forRoot(),
    TrailModule,
  ],
})
export class AuditModule {}
