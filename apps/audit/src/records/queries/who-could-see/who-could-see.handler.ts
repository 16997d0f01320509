import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { firstReceipts, partnerReceipts, type WhoCouldSeeAnswer } from '../../core/who-could-see';
import type { AuditRecordsReader } from '../../ports/audit-records.port';
import { AUDIT_RECORDS_READER } from '../../records.di-tokens';
import { WhoCouldSeeQuery } from './who-could-see.query';

@QueryHandler(WhoCouldSeeQuery)
export class WhoCouldSeeHandler implements IQueryHandler<WhoCouldSeeQuery, WhoCouldSeeAnswer> {
  constructor(@Inject(AUDIT_RECORDS_READER) private readonly reader: AuditRecordsReader) {}

  async execute({ subjectId, path, at }: WhoCouldSeeQuery): Promise<WhoCouldSeeAnswer> {
    const partners = partnerReceipts(path, await this.reader.pathDisclosures(subjectId, path, at));
    const users = await this.reader.userAccesses(subjectId, at, firstReceipts(partners));
    return { subjectId, path, at, partners, users };
  }
}
