import { hashStreamTicket, looksLikeStreamTicket, newStreamTicket } from './stream-ticket';

describe('stream tickets', () => {
  it('given a new ticket, then it is 256 random bits in base64url and is stored under its SHA-256', () => {
    // when
    const { ticket, hash } = newStreamTicket();

    // then
    expect(Buffer.from(ticket, 'base64url')).toHaveLength(32);
    expect(looksLikeStreamTicket(ticket)).toBe(true);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashStreamTicket(ticket)).toBe(hash);
    expect(hash).not.toContain(ticket);
  });

  it('given two tickets, then they differ', () => {
    expect(newStreamTicket().ticket).not.toBe(newStreamTicket().ticket);
  });

  it('given text of another shape, then it is not looked up', () => {
    for (const value of ['', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}!`, 'a'.repeat(44)]) {
      expect({ value, ok: looksLikeStreamTicket(value) }).toEqual({ value, ok: false });
    }
  });
});
