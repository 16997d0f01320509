import { assertPartnerRecord, parseCoverageArea, type PartnerRecord } from './partner-directory';

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
