import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { INBOX_SETTINGS, INBOX_STORE, STREAM_TICKET_STORE } from '../../inbox.di-tokens';
import type { InboxSettings } from '../../inbox-settings';
import type { InboxStore } from '../../ports/inbox-store.port';
import type { StreamTicketStore } from '../../ports/stream-ticket-store.port';
import { PurgeInboxCommand, type PurgeInboxResult } from './purge-inbox.command';

@CommandHandler(PurgeInboxCommand)
export class PurgeInboxHandler implements ICommandHandler<PurgeInboxCommand, PurgeInboxResult> {
  constructor(
    @Inject(INBOX_STORE) private readonly store: InboxStore,
    @Inject(STREAM_TICKET_STORE) private readonly tickets: StreamTicketStore,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
  ) {}

  async execute({ now }: PurgeInboxCommand): Promise<PurgeInboxResult> {
    const items = await this.store.purgeReceivedBefore(new Date(now.getTime() - this.settings.retentionMs));
    const tickets = await this.tickets.purgeExpiredBefore(now);
    return { items, tickets };
  }
}
