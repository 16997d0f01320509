import { Readable } from 'node:stream';
import { BadRequestException, Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import { ExportAuditTrailQuery } from './export-audit-trail.query';

/**
 * `GET /v1/audit/export?format=ndjson`: every row in chain order, then the
 * checkpoints, then a signed trailer; verify it offline with
 * `beacon audit verify --export FILE --public-key FILE`.
 *
 * Role `auditor` (see the verify controller).
 */
@Roles('auditor')
@Controller('v1/audit')
export class ExportAuditTrailHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('export')
  async export(@Query('format') format = 'ndjson'): Promise<StreamableFile> {
    if (format !== 'ndjson') {
      throw new BadRequestException({
        error: 'unsupported_format',
        message: `format "${format}" is not offered; use format=ndjson`,
      });
    }
    const lines = await this.queryBus.execute(new ExportAuditTrailQuery());
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(lines), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="beacon-audit-${stamp}.ndjson"`,
    });
  }
}
