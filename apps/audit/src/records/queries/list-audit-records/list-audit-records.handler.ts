import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditRecordView } from '../../../chain';
import { cursorAfter, encodeCursor } from '../../core/record-cursor';
import type { AuditRecordsReader } from '../../ports/audit-records.port';
import { AUDIT_RECORDS_READER } from '../../records.di-tokens';
import { ListAuditRecordsQuery, type AuditRecordsPage } from './list-audit-records.query';

@QueryHandler(ListAuditRecordsQuery)
export class ListAuditRecordsHandler implements IQueryHandler<ListAuditRecordsQuery, AuditRecordsPage> {
  constructor(@Inject(AUDIT_RECORDS_READER) private readonly reader: AuditRecordsReader) {}

  async execute({ request }: ListAuditRecordsQuery): Promise<AuditRecordsPage> {
    const rows = await this.reader.page(request);
    const page = rows.slice(0, request.limit);
    const more = rows.length > request.limit;
    return {
      records: page.map(auditRecordView),
      nextCursor: more ? encodeCursor(cursorAfter(page[page.length - 1])) : null,
    };
  }
}
