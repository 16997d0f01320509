import { acceptDueAt, DEFAULT_ACCEPT_DEADLINES, parseAcceptDeadlines } from './accept-deadlines';

describe('accept deadlines', () => {
  it('given the default setting, when parsed, then each urgency has its deadline in seconds', () => {
    // when
    const deadlines = parseAcceptDeadlines(DEFAULT_ACCEPT_DEADLINES);

    // then
    expect(deadlines).toEqual({ emergency: 3600, urgent: 14_400, priority: 86_400, routine: 259_200 });
  });

  it('given seconds, minutes and days and an urgency left out, when parsed, then the left-out urgency has no deadline', () => {
    // when
    const deadlines = parseAcceptDeadlines(' emergency=30s , urgent=15m,routine=3d ');

    // then
    expect(deadlines).toEqual({ emergency: 30, urgent: 900, routine: 259_200 });
    expect(acceptDueAt(deadlines, 'priority', new Date('2025-03-15T10:00:00Z'))).toBeUndefined();
  });

  it.each([
    ['high=4h', '"high" is not an urgency'],
    ['urgent=4 hours', '"4 hours" (for urgent) is not a duration'],
    ['urgent=0s', 'must be longer than 0'],
    ['urgent=4h,urgent=2h', 'urgent is given twice'],
    ['urgent', '"urgent" is not urgency=duration'],
  ])('given %s, when parsed, then it is refused naming the entry', (raw, message) => {
    // when / then
    expect(() => parseAcceptDeadlines(raw)).toThrow(message);
  });

  it('given a referral received at 10:00 with urgent=4h, then it is due at 14:00', () => {
    // when
    const due = acceptDueAt({ urgent: 14_400 }, 'urgent', new Date('2025-03-15T10:00:00Z'));

    // then
    expect(due?.toISOString()).toBe('2025-03-15T14:00:00.000Z');
  });
});
