import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditRecordView } from '../../../chain';
import { explainEventForPartner, type DeliveryExplanation } from '../../core/explain-delivery';
import type { AuditRecordsReader } from '../../ports/audit-records.port';
import { AUDIT_RECORDS_READER } from '../../records.di-tokens';
import { ExplainDeliveryQuery } from './explain-delivery.query';

@QueryHandler(ExplainDeliveryQuery)
export class ExplainDeliveryHandler implements IQueryHandler<
  ExplainDeliveryQuery,
  DeliveryExplanation | undefined
> {
  constructor(@Inject(AUDIT_RECORDS_READER) private readonly reader: AuditRecordsReader) {}

  async execute({ eventId, partnerId }: ExplainDeliveryQuery): Promise<DeliveryExplanation | undefined> {
    const rows = await this.reader.deliveries(eventId, partnerId);
    return explainEventForPartner(eventId, partnerId, rows.map(auditRecordView));
  }
}
