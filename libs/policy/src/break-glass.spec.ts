import { assessBreakGlass, type BreakGlassRequest } from './break-glass';
import type { SectorPolicy } from './policy.types';

const SECTOR_POLICY: SectorPolicy = {
  rules: {},
  breakGlass: {
    roles: ['case-worker'],
    categories: ['identity', 'contact', 'location.precise'],
    durationMinutes: 60,
    minReasonLength: 20,
  },
};
const STARTED = '2025-12-02T09:30:00.000Z';
const REASON = 'Child at immediate risk: phone still active, need it to locate her tonight.';
const at = (iso: string) => Date.parse(iso);

function request(overrides: Partial<BreakGlassRequest> = {}): BreakGlassRequest {
  return { role: 'case-worker', reason: REASON, startedAt: STARTED, ...overrides };
}

describe('assessBreakGlass: requested categories', () => {
  it('given no requested categories, when assessed, then the grant opens every category the policy lists', () => {
    // when
    const state = assessBreakGlass(request(), 'emergency', 'law-enforcement', SECTOR_POLICY, at(STARTED));

    // then
    expect(state).toMatchObject({
      kind: 'active',
      grant: { categories: ['identity', 'contact', 'location.precise'] },
    });
  });

  it('given a request for fewer categories, when assessed, then only those are opened', () => {
    // when
    const state = assessBreakGlass(
      request({ categories: ['location.precise', 'contact'] }),
      'emergency',
      'law-enforcement',
      SECTOR_POLICY,
      at(STARTED),
    );

    // then
    expect(state).toMatchObject({ kind: 'active', grant: { categories: ['contact', 'location.precise'] } });
  });

  it('given a request for a category the policy does not list, when assessed, then that category is never opened', () => {
    // when
    const state = assessBreakGlass(
      request({ categories: ['immigration', 'contact'] }),
      'emergency',
      'law-enforcement',
      SECTOR_POLICY,
      at(STARTED),
    );

    // then
    expect(state).toMatchObject({ kind: 'active', grant: { categories: ['contact'] } });
  });
});

describe('assessBreakGlass: requested end of the window', () => {
  it('given a requested end before the policy maximum, when assessed after it, then the break-glass has expired at that end', () => {
    // given
    const expiresAt = '2025-12-02T09:30:20.000Z';

    // when
    const during = assessBreakGlass(
      request({ expiresAt }),
      'emergency',
      'ngo',
      SECTOR_POLICY,
      at('2025-12-02T09:30:19.999Z'),
    );
    const after = assessBreakGlass(request({ expiresAt }), 'emergency', 'ngo', SECTOR_POLICY, at(expiresAt));

    // then
    expect(during).toMatchObject({ kind: 'active', grant: { expiresAt } });
    expect(after).toMatchObject({ kind: 'expired', grant: { expiresAt } });
  });

  it('given a requested end beyond the policy maximum, when assessed, then the window still ends at the maximum', () => {
    // when
    const state = assessBreakGlass(
      request({ expiresAt: '2025-12-03T09:30:00.000Z' }),
      'emergency',
      'ngo',
      SECTOR_POLICY,
      at('2025-12-02T10:29:00.000Z'),
    );

    // then
    expect(state).toMatchObject({ kind: 'active', grant: { expiresAt: '2025-12-02T10:30:00.000Z' } });
  });

  it('given a requested end that is not after the start, when assessed, then the break-glass is refused', () => {
    // when
    const unreadable = assessBreakGlass(
      request({ expiresAt: 'soon' }),
      'emergency',
      'ngo',
      SECTOR_POLICY,
      at(STARTED),
    );
    const backwards = assessBreakGlass(
      request({ expiresAt: '2025-12-02T09:00:00.000Z' }),
      'emergency',
      'ngo',
      SECTOR_POLICY,
      at(STARTED),
    );

    // then
    expect(unreadable).toMatchObject({ kind: 'refused', code: 'break-glass-invalid-expiry' });
    expect(backwards).toMatchObject({ kind: 'refused', code: 'break-glass-invalid-expiry' });
  });
});
