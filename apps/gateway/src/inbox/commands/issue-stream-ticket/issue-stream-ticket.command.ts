import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';

/** A new ticket: what the client presents once, and until when. */
export interface IssuedStreamTicket {
  readonly ticket: string;
  readonly expiresAt: string;
}

/**
 * Issue a single-use ticket that opens the caller's inbox stream, for
 * clients (a browser's EventSource) that cannot send a bearer token.
 */
export class IssueStreamTicketCommand extends Command<IssuedStreamTicket> {
  constructor(readonly caller: Principal) {
    super();
  }
}
