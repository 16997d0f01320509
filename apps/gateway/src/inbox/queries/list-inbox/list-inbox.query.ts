import { Query } from '@nestjs/cqrs';
import type { InboxItem } from '../../domain/inbox-item';

/** One page as read: the items shown, and the position to read the next page from. */
export interface InboxPageRead {
  readonly items: readonly InboxItem[];
  /**
   * The last item read, shown or not (equals `after` when nothing was read),
   * so items the reader is not shown are not read again on the next page.
   */
  readonly next: number;
}

/**
 * One page of a partner's inbox: the items after `after` that a reader
 * holding `roles` is shown (escalations only to the roles they name),
 * oldest first, at most `limit`.
 */
export class ListInboxQuery extends Query<InboxPageRead> {
  constructor(
    readonly partnerId: string,
    readonly after: number,
    readonly limit: number,
    readonly roles: readonly string[],
  ) {
    super();
  }
}
