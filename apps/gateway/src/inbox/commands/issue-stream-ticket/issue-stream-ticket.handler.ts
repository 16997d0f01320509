import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newStreamTicket } from '../../domain/stream-ticket';
import { INBOX_SETTINGS, STREAM_TICKET_STORE } from '../../inbox.di-tokens';
import type { InboxSettings } from '../../inbox-settings';
import type { StreamTicketStore } from '../../ports/stream-ticket-store.port';
import { IssueStreamTicketCommand, type IssuedStreamTicket } from './issue-stream-ticket.command';

/** Stores the new ticket's hash with the caller's principal; the ticket itself is only returned. */
@CommandHandler(IssueStreamTicketCommand)
export class IssueStreamTicketHandler implements ICommandHandler<
  IssueStreamTicketCommand,
  IssuedStreamTicket
> {
  constructor(
    @Inject(STREAM_TICKET_STORE) private readonly tickets: StreamTicketStore,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
  ) {}

  async execute({ caller }: IssueStreamTicketCommand): Promise<IssuedStreamTicket> {
    const { ticket, hash } = newStreamTicket();
    const expiresAt = new Date(Date.now() + this.settings.ticketTtlMs);
    await this.tickets.issue(hash, caller, expiresAt);
    return { ticket, expiresAt: expiresAt.toISOString() };
  }
}
