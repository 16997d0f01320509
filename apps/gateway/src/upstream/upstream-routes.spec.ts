import { forwardedFor, isReturnedHeader, matchUpstream, UPSTREAM_PATTERNS } from './upstream-routes';

const BASES = { referrals: 'http://127.0.0.1:8083', audit: 'http://127.0.0.1:8084/' };

describe('upstream routes', () => {
  it.each([
    ['/v1/referrals', 'referrals', 'http://127.0.0.1:8083/v1/referrals'],
    [
      '/v1/referrals?status=delivered&limit=5',
      'referrals',
      'http://127.0.0.1:8083/v1/referrals?status=delivered&limit=5',
    ],
    [
      '/v1/referrals/a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95/accept',
      'referrals',
      'http://127.0.0.1:8083/v1/referrals/a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95/accept',
    ],
    [
      '/v1/audit/records/export?format=csv',
      'audit',
      'http://127.0.0.1:8084/v1/audit/records/export?format=csv',
    ],
    ['/v1/explain?eventId=e-1', 'audit', 'http://127.0.0.1:8084/v1/explain?eventId=e-1'],
  ])('given %s, then it goes to the %s service at %s', (url, service, target) => {
    // when
    const match = matchUpstream(url, BASES);

    // then
    expect(match).toEqual({ kind: 'forward', service, target: new URL(target) });
  });

  it.each([
    '/v1/referrals/../consents',
    '/v1/referrals/%2e%2e/health',
    '/v1/audit//x',
    '/v1/referrals/a%2Fb',
  ])('given the path %s, which would leave its subtree, then it is refused', (url) => {
    // when / then
    expect(matchUpstream(url, BASES)).toEqual({ kind: 'unsafe-path' });
  });

  it.each(['/v1/audit', '/v1/explain/more', '/v1/referralsx', '/v1/consents'])(
    'given %s, which no route claims, then it is not forwarded',
    (url) => {
      // when / then
      expect(matchUpstream(url, BASES)).toEqual({ kind: 'no-route' });
    },
  );

  it('given the table, then Nest registers the exact paths and the subtrees', () => {
    // then
    expect(UPSTREAM_PATTERNS).toEqual(['v1/referrals', 'v1/referrals/*rest', 'v1/audit/*rest', 'v1/explain']);
  });

  it('given response headers, then only the content headers and x-beacon-* go back', () => {
    // then
    expect(
      ['Content-Type', 'content-disposition', 'x-beacon-subject-ids', 'X-Beacon-Chain-Head'].every(
        isReturnedHeader,
      ),
    ).toBe(true);
    expect(['set-cookie', 'connection', 'x-powered-by', 'content-length'].some(isReturnedHeader)).toBe(false);
  });

  it('given an x-forwarded-for from a proxy in front, then the caller address is appended', () => {
    // then
    expect(forwardedFor('203.0.113.7', '127.0.0.1')).toBe('203.0.113.7, 127.0.0.1');
    expect(forwardedFor(undefined, '127.0.0.1')).toBe('127.0.0.1');
    expect(forwardedFor(undefined, undefined)).toBeUndefined();
  });
});
