import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import { parseRecordsPageRequest } from '../../core/record-filters';
import { checkParameters, nameSubjects, type HeaderSink } from '../../http-parameters';
import { ListAuditRecordsQuery, type AuditRecordsPage } from './list-audit-records.query';

/**
 * `GET /v1/audit/records?subject=&partner=&actor=&eventId=&path=&action=&outcome=&from=&to=&limit=&cursor=`
 * (role `auditor`): the matching records, `limit` (≤ 500, default 100) per
 * page, and `nextCursor` for the next page. See docs/audit.md.
 */
@Roles('auditor')
@Controller('v1/audit')
export class ListAuditRecordsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('records')
  async list(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<AuditRecordsPage> {
    const request = checkParameters(() => parseRecordsPageRequest(query));
    const page = await this.queryBus.execute(new ListAuditRecordsQuery(request));
    nameSubjects(
      response,
      page.records.map((r) => r.resource.subjectId),
    );
    return page;
  }
}
