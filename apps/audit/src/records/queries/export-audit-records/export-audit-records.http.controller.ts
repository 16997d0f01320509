import { Readable } from 'node:stream';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import { InvalidParameterError } from '../../core/invalid-parameter.error';
import { parseRecordFilters } from '../../core/record-filters';
import { checkParameters, nameSubjects, type HeaderSink } from '../../http-parameters';
import { ExportAuditRecordsQuery, type RecordsExportFormat } from './export-audit-records.query';

const FORMATS: Record<RecordsExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/**
 * `GET /v1/audit/records/export?format=ndjson|csv&<the filters of /v1/audit/records>`
 * (role `auditor`): every matching record, streamed, with the signed
 * checkpoints that cover them and a signed trailer. See docs/audit.md.
 *
 * The headers go out before the rows are read, so `x-beacon-subject-ids`
 * names the `subject` filter when there is one; an export without it is
 * about many subjects and names none.
 */
@Roles('auditor')
@Controller('v1/audit/records')
export class ExportAuditRecordsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('export')
  async export(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<StreamableFile> {
    const { filters, format } = checkParameters(() => {
      const format = query.format ?? 'ndjson';
      if (format !== 'ndjson' && format !== 'csv')
        throw new InvalidParameterError('format', 'must be ndjson or csv');
      return { filters: parseRecordFilters(query, ['format']), format: format as RecordsExportFormat };
    });
    const lines = await this.queryBus.execute(new ExportAuditRecordsQuery(filters, format));
    nameSubjects(response, [filters.subject]);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(lines), {
      type: FORMATS[format],
      disposition: `attachment; filename="beacon-audit-records-${stamp}.${format}"`,
    });
  }
}
