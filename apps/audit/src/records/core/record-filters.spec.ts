import { InvalidParameterError } from './invalid-parameter.error';
import { encodeCursor } from './record-cursor';
import {
  parseExplain,
  parseRecordFilters,
  parseRecordsPageRequest,
  parseWhoCouldSee,
  describeFilters,
} from './record-filters';

function refusal(parse: () => unknown): { parameter: string; problem: string } | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return { parameter: error.parameter, problem: error.problem };
  }
}

describe('auditor API parameters', () => {
  it('given every filter well formed, then each is kept and times are normalised to UTC milliseconds', () => {
    expect(
      parseRecordFilters({
        subject: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
        partner: 'metro-police',
        actor: 'mp-40317',
        eventId: 'mp-ref-2025-000912',
        path: '/subject/documents/0/number',
        action: 'deliver',
        outcome: 'allowed',
        from: '2026-11-25T10:00:00+01:00',
        to: '2026-11-25T09:30:00.5Z',
      }),
    ).toEqual({
      subject: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
      partner: 'metro-police',
      actor: 'mp-40317',
      eventId: 'mp-ref-2025-000912',
      path: '/subject/documents/0/number',
      action: 'deliver',
      outcome: 'allowed',
      from: '2026-11-25T09:00:00.000Z',
      to: '2026-11-25T09:30:00.500Z',
    });
  });

  it('given no parameter, then no filter and the default page', () => {
    expect(parseRecordsPageRequest({})).toEqual({ filters: {}, limit: 100 });
    expect(describeFilters({ partner: 'metro-police', from: '2026-01-01T00:00:00.000Z' })).toEqual({
      partner: 'metro-police',
      from: '2026-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['subject', { subject: ['a', 'b'] }, /given once/],
    ['subject', { subject: '' }, /empty/],
    ['subject', { subject: 'x'.repeat(201) }, /201 characters long/],
    ['subject', { subject: 'a\u0000b' }, /control character/],
    ['actor', { actor: ' mp-1' }, /white space/],
    ['eventId', { eventId: 'line\nbreak' }, /control character/],
    ['partner', { partner: "' OR 1=1 --" }, /not a partner id/],
    ['partner', { partner: 'Metro' }, /not a partner id/],
    ['path', { path: 'subject/name' }, /not a JSON pointer/],
    ['path', { path: '/a~2b' }, /not a JSON pointer/],
    ['path', { path: `/${'p'.repeat(300)}` }, /characters long/],
    ['action', { action: 'delete' }, /one of deliver, read/],
    ['outcome', { outcome: 'maybe' }, /one of allowed, denied/],
    ['from', { from: '2026-11-25' }, /RFC 3339/],
    ['from', { from: '2026-11-25T10:00:00' }, /RFC 3339/],
    ['to', { to: '2026-02-30T25:00:00Z' }, /RFC 3339/],
    ['to', { from: '2026-01-02T00:00:00Z', to: '2026-01-02T00:00:00Z' }, /later than from/],
    ['subjectId', { subjectId: 'x' }, /not known here/],
    ['limit', { limit: '0' }, /1 to 500/],
    ['limit', { limit: '501' }, /1 to 500/],
    ['limit', { limit: '1e2' }, /1 to 500/],
    ['cursor', { cursor: "' OR 1=1 --" }, /not a cursor/],
    ['cursor', { cursor: Buffer.from('[1,null,-1,1]').toString('base64url') }, /not a cursor/],
  ])('given a bad %s, then it is refused by name', (parameter, query, problem) => {
    const found = refusal(() => parseRecordsPageRequest(query));
    expect(found?.parameter).toBe(parameter);
    expect(found?.problem).toMatch(problem);
  });

  it('given SQL, wildcards and unicode in the free-form filters, then they are kept verbatim (bound, never interpreted)', () => {
    for (const value of ["' OR 1=1 --", '"; DROP TABLE audit_records', '%', '_', 'ünï ☃ 名前']) {
      expect(parseRecordFilters({ subject: value, actor: value, eventId: value })).toEqual({
        subject: value,
        actor: value,
        eventId: value,
      });
    }
  });

  it('given a cursor handed out before, then the page continues from it', () => {
    const cursor = encodeCursor({ time: '2026-11-25T09:00:00.000Z', partition: 2, sequence: 17 });
    expect(parseRecordsPageRequest({ cursor, limit: '500' })).toEqual({
      filters: {},
      limit: 500,
      after: { time: '2026-11-25T09:00:00.000Z', partition: 2, sequence: 17 },
    });
  });

  it('given who-could-see and explain parameters, then the required ones are demanded by name', () => {
    expect(refusal(() => parseWhoCouldSee({ path: '/subject' }))?.parameter).toBe('subject');
    expect(refusal(() => parseWhoCouldSee({ subject: 's' }))?.parameter).toBe('path');
    expect(refusal(() => parseWhoCouldSee({ subject: 's', path: '/a', at: 'now' }))?.parameter).toBe('at');
    expect(parseWhoCouldSee({ subject: 's', path: '/a', at: '2026-01-01T00:00:00Z' })).toEqual({
      subject: 's',
      path: '/a',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(refusal(() => parseExplain({ partner: 'metro-police' }))?.parameter).toBe('event');
    expect(refusal(() => parseExplain({ event: 'e', partner: '%' }))?.parameter).toBe('partner');
    expect(parseExplain({ event: 'e-1', partner: 'safe-harbour' })).toEqual({
      eventId: 'e-1',
      partnerId: 'safe-harbour',
    });
  });
});
