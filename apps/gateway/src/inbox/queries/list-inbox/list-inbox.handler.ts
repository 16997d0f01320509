import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { InboxItem } from '../../domain/inbox-item';
import { INBOX_STORE } from '../../inbox.di-tokens';
import type { InboxStore } from '../../ports/inbox-store.port';
import { ListInboxQuery } from './list-inbox.query';

@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery, InboxItem[]> {
  constructor(@Inject(INBOX_STORE) private readonly store: InboxStore) {}

  execute({ partnerId, after, limit }: ListInboxQuery): Promise<InboxItem[]> {
    return this.store.listAfter(partnerId, after, limit);
  }
}
