import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isShownTo, type InboxItem } from '../../domain/inbox-item';
import { INBOX_STORE } from '../../inbox.di-tokens';
import type { InboxStore } from '../../ports/inbox-store.port';
import { ListInboxQuery, type InboxPageRead } from './list-inbox.query';

@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery, InboxPageRead> {
  constructor(@Inject(INBOX_STORE) private readonly store: Pick<InboxStore, 'listAfter'>) {}

  /**
   * Reads on past items the reader is not shown until the page is full or
   * the store has no more, so a page is short only at the end of the inbox.
   */
  async execute({ partnerId, after, limit, roles }: ListInboxQuery): Promise<InboxPageRead> {
    const items: InboxItem[] = [];
    let next = after;
    for (;;) {
      const read = await this.store.listAfter(partnerId, next, limit);
      for (const item of read) {
        next = item.seq;
        if (isShownTo(item, roles)) items.push(item);
        if (items.length === limit) return { items, next };
      }
      if (read.length < limit) return { items, next };
    }
  }
}
