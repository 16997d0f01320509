import { Query } from '@nestjs/cqrs';

/**
 * The whole trail as an NDJSON export (see `AuditExportWriter`): the lines
 * are produced as they are read, so an export of any size streams.
 */
export class ExportAuditTrailQuery extends Query<AsyncIterable<string>> {}
