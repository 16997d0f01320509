import { breakGlassInForce, type StoredBreakGlassGrant } from './break-glass-grants';

const grant = (extra: Partial<StoredBreakGlassGrant> = {}): StoredBreakGlassGrant => ({
  grantId: 'g-1',
  subjectId: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
  partnerId: 'metro-police',
  role: 'case-worker',
  reason: 'Caller reports he is locked in the car wash tonight.',
  requestedBy: 'worker:mp-40317',
  categories: ['identity', 'contact'],
  startedAt: '2026-11-25T09:00:00.000Z',
  expiresAt: '2026-11-25T10:00:00.000Z',
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

describe('breakGlassInForce', () => {
  it('given a grant to the partner, when its window holds, then it is the request to decide with', () => {
    // when
    const request = breakGlassInForce([grant()], 'metro-police', at('2026-11-25T09:30:00Z'));

    // then
    expect(request).toEqual({
      role: 'case-worker',
      reason: 'Caller reports he is locked in the car wash tonight.',
      requestedBy: 'worker:mp-40317',
      startedAt: '2026-11-25T09:00:00.000Z',
      expiresAt: '2026-11-25T10:00:00.000Z',
      categories: ['identity', 'contact'],
    });
  });

  it('given a grant to another partner, when asked for this one, then nothing is in force', () => {
    // when / then
    expect(breakGlassInForce([grant()], 'safe-harbour', at('2026-11-25T09:30:00Z'))).toBeUndefined();
  });

  it('given the end of the window, when asked then or before the start, then nothing is in force', () => {
    // when / then
    expect(breakGlassInForce([grant()], 'metro-police', at('2026-11-25T10:00:00Z'))).toBeUndefined();
    expect(breakGlassInForce([grant()], 'metro-police', at('2026-11-25T08:59:59Z'))).toBeUndefined();
  });

  it('given two grants in force, when asked, then the most recent one applies', () => {
    // given
    const later = grant({ grantId: 'g-2', startedAt: '2026-11-25T09:20:00.000Z', categories: ['contact'] });

    // when / then
    expect(
      breakGlassInForce([later, grant()], 'metro-police', at('2026-11-25T09:30:00Z'))?.categories,
    ).toEqual(['contact']);
  });
});
