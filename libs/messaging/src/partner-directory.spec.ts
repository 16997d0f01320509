import {
  assertPartnerRecord,
  parseCoverageArea,
  partnerStanding,
  type PartnerRecord,
} from './partner-directory';

const record = (extra: Partial<PartnerRecord> = {}): PartnerRecord => ({
  id: 'harbour-police',
  name: 'Harbour Constabulary',
  sector: 'law-enforcement',
  source: 'urn:beacon:partner:harbour-police',
  status: 'active',
  updatedAt: '2026-11-25T09:00:00Z',
  ...extra,
});

describe('partner records: coverage areas', () => {
  it('given a record with areas, when checked, then it passes', () => {
    // given
    const withAreas = record({
      coverage: [{ country: 'GB', region: 'Southshire', locality: 'Harbourside' }],
    });

    // when / then
    expect(() => assertPartnerRecord(withAreas)).not.toThrow();
  });

  it('given an area whose country is not an ISO code, when checked, then the error names the partner and the field', () => {
    // when / then
    expect(() => assertPartnerRecord(record({ coverage: [{ country: 'Britain' }] }))).toThrow(
      'partner harbour-police: coverage[0].country "Britain" is not an ISO 3166-1 alpha-2 code such as GB',
    );
  });

  it('given a locality without its region, when checked, then it is refused', () => {
    // when / then
    expect(() =>
      assertPartnerRecord(record({ coverage: [{ country: 'GB', locality: 'Harbourside' }] })),
    ).toThrow('coverage[0]: a locality needs its region');
  });

  it('given an empty coverage list, when checked, then it is refused (absent means everywhere)', () => {
    // when / then
    expect(() => assertPartnerRecord(record({ coverage: [] }))).toThrow('coverage must be a non-empty list');
  });
});

describe('parseCoverageArea (the CLI --area)', () => {
  it('given COUNTRY/REGION/LOCALITY, when parsed, then each part lands in its field', () => {
    // when / then
    expect(parseCoverageArea('harbour-police', 0, 'GB/Southshire/Harbourside')).toEqual({
      country: 'GB',
      region: 'Southshire',
      locality: 'Harbourside',
    });
    expect(parseCoverageArea('harbour-police', 1, 'GB')).toEqual({ country: 'GB' });
  });

  it('given too many parts or a bad country, when parsed, then it is refused', () => {
    // when / then
    expect(() => parseCoverageArea('harbour-police', 0, 'GB/a/b/c')).toThrow(
      'more than country/region/locality',
    );
    expect(() => parseCoverageArea('harbour-police', 0, 'gb/Southshire')).toThrow('coverage[0].country');
  });
});

describe('partner records: status', () => {
  it('given each status a partner can be in, when checked, then it passes', () => {
    // when / then
    for (const status of ['active', 'suspended', 'removed'] as const)
      expect(() => assertPartnerRecord(record({ status }))).not.toThrow();
  });

  it('given a status outside the vocabulary, when checked, then the error names it and the allowed ones', () => {
    // when / then
    expect(() => assertPartnerRecord({ ...record(), status: 'paused' })).toThrow(
      'partner harbour-police: status "paused" is not one of active, suspended, removed',
    );
  });
});

describe('partnerStanding', () => {
  it('given an active record, when asked, then the partner may act', () => {
    // when
    const standing = partnerStanding('harbour-police', record());

    // then
    expect(standing).toEqual({ active: true, partner: record() });
  });

  it('given a suspended record, when asked, then it may not, and the reason names the partner and its status', () => {
    // when
    const standing = partnerStanding('harbour-police', record({ status: 'suspended' }));

    // then
    expect(standing).toEqual({
      active: false,
      partnerId: 'harbour-police',
      status: 'suspended',
      reason: 'partner harbour-police is suspended',
    });
  });

  it('given a removed record, when asked, then it may not', () => {
    // when / then
    expect(partnerStanding('harbour-police', record({ status: 'removed' }))).toMatchObject({
      active: false,
      status: 'removed',
      reason: 'partner harbour-police is removed',
    });
  });

  it('given no record, when asked, then it may not (fail closed): the directory does not know it', () => {
    // when / then
    expect(partnerStanding('ghost-agency', undefined)).toEqual({
      active: false,
      partnerId: 'ghost-agency',
      status: 'unknown',
      reason: 'partner ghost-agency is not in the partner directory',
    });
  });
});
