import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@beacon/auth';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { auditMigrations } from './database/migrations';
import { auditSettings } from './audit.settings';
import { RecordsModule } from './records/records.module';
import { TrailModule } from './trail/trail.module';

/**
 * beacon-audit: see docs/architecture.md for its place in the flow and
 * docs/audit.md for the auditor API. Every route needs a verified token with
 * the auditor role unless marked public (the health check and the public key are).
 */
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
    AuthModule.fromSettings(),
    CqrsModule.forRoot(),
    TrailModule,
    RecordsModule,
  ],
})
export class AuditModule {}
