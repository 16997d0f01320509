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
    PersistenceModule.forRootAsync({
      schema: 'audit',
      migrations: auditMigrations,
      entities: [],
      // Run as its own role (DATABASE_MIGRATION_URL owning the schema), the app may only append and read.
      grants: [
        { to: 'runtime', tables: ['audit_records', 'audit_checkpoints'], privileges: ['SELECT', 'INSERT'] },
      ],
    }),
    CqrsModule.forRoot(),
    TrailModule,
  ],
})
export class AuditModule {}
