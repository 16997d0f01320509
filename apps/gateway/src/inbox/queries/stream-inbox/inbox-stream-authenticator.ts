import { Inject, Injectable } from '@nestjs/common';
import {
  assertPartnerMayAct,
  AuthError,
  JwtVerifier,
  PARTNER_STATUS_CHECK,
  type PartnerStatusCheck,
  type Principal,
} from '@beacon/auth';
import { hashStreamTicket, looksLikeStreamTicket } from '../../domain/stream-ticket';
import { unauthorized } from '../../inbox-http-errors';
import { STREAM_TICKET_STORE } from '../../inbox.di-tokens';
import type { StreamTicketStore } from '../../ports/stream-ticket-store.port';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Who is opening a stream. The route is public to the global guard because
 * a browser's EventSource cannot send an Authorization header; it proves
 * itself here instead, with either credential:
 *
 * - a bearer token, checked exactly as the guard checks it, or
 * - a stream ticket (`?ticket=`), redeemed once: the principal it was
 *   issued to, if it is unused and not expired.
 *
 * A request with a bearer token is judged by the token alone; a ticket next
 * to it is not spent. Either way the partner must be one that may act now,
 * as the guard requires: a ticket issued before its partner was suspended
 * or removed opens nothing.
 */
@Injectable()
export class InboxStreamAuthenticator {
  constructor(
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Inject(STREAM_TICKET_STORE) private readonly tickets: StreamTicketStore,
    @Inject(PARTNER_STATUS_CHECK) private readonly partnerStatus: PartnerStatusCheck,
  ) {}

  async authenticate(
    authorization: string | string[] | undefined,
    ticket: string | undefined,
  ): Promise<Principal> {
    if (authorization !== undefined && authorization !== '') return this.bearer(authorization);
    if (ticket !== undefined && ticket !== '') return this.redeem(ticket);
    throw unauthorized(
      'missing_token',
      'send "Authorization: Bearer <token>", or a stream ticket from POST /v1/inbox/stream-tickets as ?ticket=',
    );
  }

  private bearer(authorization: string | string[]): Principal {
    const match = typeof authorization === 'string' ? BEARER.exec(authorization) : null;
    if (match === null) throw unauthorized('malformed', 'the Authorization header must be "Bearer <token>"');
    try {
      const principal = this.verifier.verify(match[1] as string);
      assertPartnerMayAct(this.partnerStatus, principal);
      return principal;
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error.code, error.message);
      throw error;
    }
  }

  private async redeem(ticket: string): Promise<Principal> {
    const principal = looksLikeStreamTicket(ticket)
      ? await this.tickets.redeem(hashStreamTicket(ticket), new Date())
      : undefined;
    if (principal === undefined) {
      throw unauthorized(
        'invalid_ticket',
        'the stream ticket is unknown, already used or expired; ask for a new one',
      );
    }
    try {
      assertPartnerMayAct(this.partnerStatus, principal);
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error.code, error.message);
      throw error;
    }
    return principal;
  }
}
