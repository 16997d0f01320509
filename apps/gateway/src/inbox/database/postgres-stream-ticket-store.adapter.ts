import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { principalFromClaims, type Principal } from '@beacon/auth';
import type { StreamTicketStore } from '../ports/stream-ticket-store.port';

/** The {@link StreamTicketStore} in the gateway's schema (`inbox_stream_tickets`). */
@Injectable()
export class PostgresStreamTicketStore implements StreamTicketStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async issue(ticketHash: string, principal: Principal, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO inbox_stream_tickets (ticket_hash, principal, expires_at) VALUES ($1, $2::jsonb, $3)',
      [ticketHash, JSON.stringify(claimsOf(principal)), expiresAt],
    );
  }

  async redeem(ticketHash: string, now: Date): Promise<Principal | undefined> {
    // One statement: of two redemptions at once, the second finds used_at set.
    const [rows] = (await this.dataSource.query(
      `UPDATE inbox_stream_tickets SET used_at = $2
        WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING principal`,
      [ticketHash, now],
    )) as [{ principal: Record<string, unknown> }[], number];
    const row = rows[0];
    return row === undefined ? undefined : principalFromClaims(row.principal);
  }

  async purgeExpiredBefore(cutoff: Date): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      'DELETE FROM inbox_stream_tickets WHERE expires_at < $1',
      [cutoff],
    )) as [unknown, number];
    return affected;
  }
}

/** The principal in the claim names it came from, so it is read back through the same checks. */
function claimsOf(principal: Principal): Record<string, unknown> {
  return {
    sub: principal.subject,
    partner_id: principal.partnerId,
    sector: principal.sector,
    roles: principal.roles,
    ...(principal.name === undefined ? {} : { name: principal.name }),
    ...(principal.tokenId === undefined ? {} : { jti: principal.tokenId }),
  };
}
