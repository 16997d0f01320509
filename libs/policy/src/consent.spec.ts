import { type Consent, type ConsentProvision, type Recipient, indexConsents } from './consent';

const AT = Date.parse('2025-12-02T10:00:00Z');
const NGO: Recipient = { partnerId: 'safe-harbour', sector: 'ngo' };
const provision = (type: 'permit' | 'deny', extra: Partial<ConsentProvision> = {}): ConsentProvision => ({
  type,
  grantee: { kind: 'sector', sector: 'ngo' },
  purposes: ['care-coordination'],
  categories: ['identity', 'contact'],
  ...extra,
});
const consent = (
  consentId: string,
  provisions: ConsentProvision[],
  extra: Partial<Consent> = {},
): Consent => ({
  consentId,
  subjectId: 's-1',
  status: 'active',
  provisions,
  ...extra,
});

describe('indexConsents', () => {
  it('given permits from two consents, when asking, then both are named', () => {
    // given
    const index = indexConsents(
      [consent('c-1', [provision('permit')]), consent('c-2', [provision('permit')])],
      's-1',
      NGO,
      AT,
    );

    // then
    expect(index.verdict('care-coordination', 'identity')).toEqual({
      kind: 'permit',
      consentIds: ['c-1', 'c-2'],
      ignored: [],
    });
  });

  it('given a permit and a deny in one consent, when asking, then the deny wins', () => {
    // given
    const index = indexConsents(
      [consent('c-1', [provision('permit'), provision('deny', { categories: ['contact'] })])],
      's-1',
      NGO,
      AT,
    );

    // then
    expect(index.verdict('care-coordination', 'contact')).toEqual({ kind: 'deny', consentIds: ['c-1'] });
    expect(index.verdict('care-coordination', 'identity').kind).toBe('permit');
  });

  it('given a category or purpose the provisions do not list, when asking, then there is no verdict', () => {
    // given
    const index = indexConsents([consent('c-1', [provision('permit')])], 's-1', NGO, AT);

    // then
    expect(index.verdict('care-coordination', 'health')).toEqual({ kind: 'none', ignored: [] });
    expect(index.verdict('research', 'identity')).toEqual({ kind: 'none', ignored: [] });
  });

  it('given a period that starts exactly now and one that ends exactly now, when asking, then start is inclusive and end exclusive', () => {
    // given
    const now = new Date(AT).toISOString();
    const index = indexConsents(
      [
        consent('starts', [provision('permit', { period: { start: now } })]),
        consent('ends', [provision('permit', { period: { start: '2025-01-01T00:00:00Z', end: now } })]),
      ],
      's-1',
      NGO,
      AT,
    );

    // then
    expect(index.verdict('care-coordination', 'identity')).toEqual({
      kind: 'permit',
      consentIds: ['starts'],
      ignored: [{ consentId: 'ends', provision: 'permit', why: 'expired', since: now }],
    });
  });

  it('given a permit with unreadable dates, when asking, then it does not count', () => {
    // given
    const index = indexConsents(
      [consent('c-1', [provision('permit', { period: { start: 'soon' } })])],
      's-1',
      NGO,
      AT,
    );

    // then
    expect(index.verdict('care-coordination', 'identity')).toEqual({
      kind: 'none',
      ignored: [{ consentId: 'c-1', provision: 'permit', why: 'unreadable' }],
    });
  });

  it('given a revoked consent without a revocation time, when asking, then it counts as revoked', () => {
    // given
    const index = indexConsents(
      [consent('c-1', [provision('permit')], { status: 'revoked' })],
      's-1',
      NGO,
      AT,
    );

    // then
    expect(index.verdict('care-coordination', 'identity').kind).toBe('none');
  });

  it('given a partial revocation of one partner, when another partner of the sector asks, then it keeps the sector permit', () => {
    // given
    const consents = [
      consent('c-1', [provision('permit')], {
        partialRevocations: [
          { grantee: { kind: 'partner', partnerId: 'safe-harbour' }, revokedAt: '2025-12-01T00:00:00Z' },
        ],
      }),
    ];

    // when
    const revoked = indexConsents(consents, 's-1', NGO, AT).verdict('care-coordination', 'identity');
    const other = indexConsents(consents, 's-1', { partnerId: 'other-ngo', sector: 'ngo' }, AT).verdict(
      'care-coordination',
      'identity',
    );

    // then
    expect(revoked.kind).toBe('none');
    expect(other.kind).toBe('permit');
  });
});
