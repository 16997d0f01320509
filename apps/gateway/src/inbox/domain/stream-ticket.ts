import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: 43 characters. */
const TICKET_BYTES = 32;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new stream ticket and the hash under which it is stored (the ticket itself never is). */
export function newStreamTicket(): { ticket: string; hash: string } {
  const ticket = randomBytes(TICKET_BYTES).toString('base64url');
  return { ticket, hash: hashStreamTicket(ticket) };
}

/**
 * SHA-256, hex. Unsalted on purpose: the ticket is 256 random bits, so the
 * hash cannot be reversed by guessing, and a lookup by hash needs it stable.
 */
export function hashStreamTicket(ticket: string): string {
  return createHash('sha256').update(ticket, 'utf8').digest('hex');
}

/** Whether `value` has the shape of a ticket this gateway issues (checked before any lookup). */
export function looksLikeStreamTicket(value: string): boolean {
  return TICKET_FORMAT.test(value);
}
