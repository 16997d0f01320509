import { Query } from '@nestjs/cqrs';
import type { AuditRecordView } from '../../../chain';
import type { RecordsPageRequest } from '../../core/record-filters';

/** One page of `GET /v1/audit/records`. */
export interface AuditRecordsPage {
  records: AuditRecordView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The records matching the filters, one page in listing order (time, partition, sequence). */
export class ListAuditRecordsQuery extends Query<AuditRecordsPage> {
  constructor(readonly request: RecordsPageRequest) {
    super();
  }
}
