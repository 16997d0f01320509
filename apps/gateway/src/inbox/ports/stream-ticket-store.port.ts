import type { Principal } from '@beacon/auth';

/** Single-use stream tickets, kept by hash (the ticket itself is never stored). */
export interface StreamTicketStore {
  issue(ticketHash: string, principal: Principal, expiresAt: Date): Promise<void>;
  /**
   * Marks the ticket used and returns its principal, if it exists, is unused
   * and has not expired at `now`; otherwise undefined. Two redemptions of one
   * ticket at once: one wins.
   */
  redeem(ticketHash: string, now: Date): Promise<Principal | undefined>;
  /** Deletes tickets that expired before `cutoff`; returns how many. */
  purgeExpiredBefore(cutoff: Date): Promise<number>;
}
