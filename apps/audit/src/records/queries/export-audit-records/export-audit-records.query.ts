import { Query } from '@nestjs/cqrs';
import type { RecordFilters } from '../../core/record-filters';

export type RecordsExportFormat = 'ndjson' | 'csv';

/**
 * The records matching the filters as a signed export (NDJSON or CSV), with
 * the checkpoints that cover them. Produced as it is read: any size streams.
 */
export class ExportAuditRecordsQuery extends Query<AsyncIterable<string>> {
  constructor(
    readonly filters: RecordFilters,
    readonly format: RecordsExportFormat,
  ) {
    super();
  }
}
