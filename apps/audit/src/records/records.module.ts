import { Module } from '@nestjs/common';
import { TrailModule } from '../trail/trail.module';
import { TypeOrmAuditRecordsReader } from './database/typeorm-audit-records.adapter';
import { ExplainDeliveryHandler } from './queries/explain-delivery/explain-delivery.handler';
import { ExplainDeliveryHttpController } from './queries/explain-delivery/explain-delivery.http.controller';
import { ExportAuditRecordsHandler } from './queries/export-audit-records/export-audit-records.handler';
import { ExportAuditRecordsHttpController } from './queries/export-audit-records/export-audit-records.http.controller';
import { ListAuditRecordsHandler } from './queries/list-audit-records/list-audit-records.handler';
import { ListAuditRecordsHttpController } from './queries/list-audit-records/list-audit-records.http.controller';
import { WhoCouldSeeHandler } from './queries/who-could-see/who-could-see.handler';
import { WhoCouldSeeHttpController } from './queries/who-could-see/who-could-see.http.controller';
import { AUDIT_RECORDS_READER } from './records.di-tokens';

/**
 * The auditor API over the trail: records by filter (a page, or a signed
 * export), who could see a field, and what a partner received of an event
 * and why. Read-only. Needs from the root module the CQRS buses and
 * TypeORM's DataSource; from {@link TrailModule} the signing key.
 */
@Module({
  imports: [TrailModule],
  controllers: [
    // The export's fixed path first, so it is never read as a records query.
    ExportAuditRecordsHttpController,
    ListAuditRecordsHttpController,
    WhoCouldSeeHttpController,
    ExplainDeliveryHttpController,
  ],
  providers: [
    ListAuditRecordsHandler,
    ExportAuditRecordsHandler,
    WhoCouldSeeHandler,
    ExplainDeliveryHandler,
    { provide: AUDIT_RECORDS_READER, useClass: TypeOrmAuditRecordsReader },
  ],
})
export class RecordsModule {}
