import { Query } from '@nestjs/cqrs';
import type { DeliveryExplanation } from '../../core/explain-delivery';

/** What `partnerId` received of `eventId`, path by path, and why; undefined when it received nothing. */
export class ExplainDeliveryQuery extends Query<DeliveryExplanation | undefined> {
  constructor(
    readonly eventId: string,
    readonly partnerId: string,
  ) {
    super();
  }
}
