import { firstReceipts, partnerReceipts, pathRelation, type PathDisclosureRow } from './who-could-see';

function row(overrides: Partial<PathDisclosureRow>): PathDisclosureRow {
  return {
    recordId: 'r-1',
    time: '2026-11-01T10:00:00.000Z',
    partnerId: 'metro-police',
    sector: 'law-enforcement',
    eventId: 'e-1',
    path: '/subject/givenName',
    transformation: 'none',
    policyId: 'beacon-default',
    policyVersion: 'sha256:v1',
    consentIds: [],
    breakGlass: false,
    ...overrides,
  };
}

describe('who could see a field', () => {
  it('relates paths segment by segment', () => {
    expect(pathRelation('/subject/givenName', '/subject/givenName')).toBe('same');
    expect(pathRelation('/subject/givenName', '/subject')).toBe('ancestor');
    expect(pathRelation('/subject', '/subject/givenName')).toBe('descendant');
    expect(pathRelation('/subject/na', '/subject/name')).toBeUndefined();
    expect(pathRelation('/subject/name', '/subject/na')).toBeUndefined();
    expect(pathRelation('/a/%', '/a/b')).toBeUndefined();
  });

  it('given deliveries as-is and transformed, over time, then one receipt per partner, path and form, with first and last time', () => {
    const receipts = partnerReceipts('/subject', [
      row({ recordId: 'r-1', time: '2026-11-01T10:00:00.000Z', eventId: 'e-1', consentIds: ['c-1'] }),
      row({ recordId: 'r-2', time: '2026-11-03T10:00:00.000Z', eventId: 'e-2', policyVersion: 'sha256:v2' }),
      row({
        recordId: 'r-3',
        partnerId: 'safe-harbour',
        sector: 'ngo',
        transformation: 'mask',
        breakGlass: true,
      }),
      row({ recordId: 'r-4', partnerId: 'st-mary-hospital', transformation: 'drop' }),
      row({ recordId: 'r-5', partnerId: 'st-mary-hospital', path: '/subjective', transformation: 'none' }),
    ]);
    expect(receipts).toEqual([
      {
        partnerId: 'metro-police',
        sector: 'law-enforcement',
        path: '/subject/givenName',
        relation: 'descendant',
        received: 'as-is',
        transformation: 'none',
        firstDisclosedAt: '2026-11-01T10:00:00.000Z',
        lastDisclosedAt: '2026-11-03T10:00:00.000Z',
        disclosures: 2,
        eventIds: ['e-1', 'e-2'],
        policyVersions: ['sha256:v1', 'sha256:v2'],
        consentIds: ['c-1'],
        breakGlass: false,
      },
      expect.objectContaining({
        partnerId: 'safe-harbour',
        received: 'transformed',
        transformation: 'mask',
        breakGlass: true,
        disclosures: 1,
      }),
    ]);
    expect(firstReceipts(receipts)).toEqual([
      { partnerId: 'metro-police', since: '2026-11-01T10:00:00.000Z' },
      { partnerId: 'safe-harbour', since: '2026-11-01T10:00:00.000Z' },
    ]);
  });
});
