import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditRecordView, RecordsExportWriter, type Signer } from '../../../chain';
import { AUDIT_SIGNER } from '../../../trail/trail.di-tokens';
import { describeFilters } from '../../core/record-filters';
import { RecordsCsvWriter } from '../../core/records-csv';
import type { AuditRecordsReader } from '../../ports/audit-records.port';
import { AUDIT_RECORDS_READER } from '../../records.di-tokens';
import { ExportAuditRecordsQuery } from './export-audit-records.query';

/**
 * Streams the matching rows from one database snapshot, in batches from a
 * cursor, then the checkpoints covering them, then the signed trailer. An
 * export cut short has no trailer, so it never verifies.
 */
@QueryHandler(ExportAuditRecordsQuery)
export class ExportAuditRecordsHandler implements IQueryHandler<
  ExportAuditRecordsQuery,
  AsyncIterable<string>
> {
  constructor(
    @Inject(AUDIT_RECORDS_READER) private readonly reader: AuditRecordsReader,
    @Inject(AUDIT_SIGNER) private readonly signer: Signer,
  ) {}

  async execute(query: ExportAuditRecordsQuery): Promise<AsyncIterable<string>> {
    return query.format === 'csv' ? this.csv(query) : this.ndjson(query);
  }

  // The snapshot opens on the first read: a response never read holds no connection.
  private async *ndjson({ filters }: ExportAuditRecordsQuery): AsyncGenerator<string> {
    const writer = new RecordsExportWriter(this.signer);
    const snapshot = await this.reader.openExport(filters);
    try {
      yield writer.header(new Date().toISOString(), describeFilters(filters));
      for await (const row of snapshot.rows()) yield writer.record(auditRecordView(row), row.record);
      for (const checkpoint of await snapshot.checkpointsCovering(writer.heads()))
        yield writer.checkpoint(checkpoint);
      yield writer.trailer();
    } finally {
      await snapshot.close();
    }
  }

  private async *csv({ filters }: ExportAuditRecordsQuery): AsyncGenerator<string> {
    const writer = new RecordsCsvWriter(this.signer);
    const snapshot = await this.reader.openExport(filters);
    try {
      yield writer.header();
      for await (const row of snapshot.rows()) yield writer.record(auditRecordView(row));
      for (const checkpoint of await snapshot.checkpointsCovering(writer.heads()))
        yield writer.checkpoint(checkpoint);
      yield writer.trailer();
    } finally {
      await snapshot.close();
    }
  }
}
