import { Query } from '@nestjs/cqrs';
import type { InboxItem } from '../../domain/inbox-item';

/** One page of a partner's inbox: the items after `after`, oldest first, at most `limit`. */
export class ListInboxQuery extends Query<InboxItem[]> {
  constructor(
    readonly partnerId: string,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}
