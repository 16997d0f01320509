import type { Principal } from '@beacon/auth';
import { SchemaRegistry } from '@beacon/contracts';
import {
  ACCESS_RECORDED_TYPE,
  accessRecordKey,
  buildAccessRecord,
  correlationIdFor,
  parseSubjectIds,
  type AnsweredRequest,
} from './access-record';
import { accessTargetOf, type AccessTarget } from './protected-routes';

const SUBJECT = '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04';
const OTHER = 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95';
const worker: Principal = {
  subject: 'worker:safe-harbour:1',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
  tokenId: 'tok-1',
};
const stamp = { recordId: '4d1f7c2a-9b3e-4f60-a8d5-1e2c3b4a5f69', recordedAt: '2026-01-01T00:00:00.000Z' };
const registry = SchemaRegistry.load();

function target(method: string, url: string): AccessTarget {
  const found = accessTargetOf(method, url);
  if (!found) throw new Error(`${url} is not protected`);
  return found;
}

function answered(overrides: Partial<AnsweredRequest>): AnsweredRequest {
  return {
    target: target('GET', `/v1/subjects/${SUBJECT}/consents`),
    status: 200,
    address: '::ffff:127.0.0.1',
    userAgent: 'jest',
    correlationId: 'req-1',
    ...overrides,
  };
}

describe('buildAccessRecord', () => {
  it('given a case worker’s allowed read, then the record names actor, subject, route, status and correlation id, and follows its schema', () => {
    const record = buildAccessRecord(answered({ principal: worker }), stamp);
    expect(record).toEqual({
      ...stamp,
      principal: {
        sub: 'worker:safe-harbour:1',
        partnerId: 'safe-harbour',
        roles: ['case-worker'],
        sector: 'ngo',
        tokenId: 'tok-1',
      },
      action: 'list',
      resource: {
        type: 'consent',
        subjectId: SUBJECT,
        subjectIds: [SUBJECT],
        method: 'GET',
        route: '/v1/subjects/:id/consents',
        path: `/v1/subjects/${SUBJECT}/consents`,
      },
      outcome: 'allowed',
      status: 200,
      reason: 'answered 200 to roles case-worker',
      client: { address: '::ffff:127.0.0.1', userAgent: 'jest' },
      correlationId: 'req-1',
    });
    expect(registry.validate(ACCESS_RECORDED_TYPE, record)).toEqual({ ok: true });
    expect(accessRecordKey(record)).toBe(SUBJECT);
  });

  it('given a request without a token (401), then the actor is unknown and the reason is the guard’s', () => {
    const record = buildAccessRecord(
      answered({
        status: 401,
        errorBody: { statusCode: 401, message: 'missing_token: send the token', code: 'missing_token' },
      }),
      stamp,
    );
    expect(record.principal).toBeUndefined();
    expect(record).toMatchObject({ outcome: 'denied', status: 401, reason: 'missing_token: send the token' });
    expect(registry.validate(ACCESS_RECORDED_TYPE, record)).toEqual({ ok: true });
    expect(accessRecordKey(record)).toBe(SUBJECT);
  });

  it('given a 404 whose message does not start with its code, then the reason carries both', () => {
    const record = buildAccessRecord(
      answered({
        principal: worker,
        target: target('POST', '/v1/consents/abc/revoke'),
        status: 404,
        errorBody: { message: 'your organisation has recorded no consent abc', code: 'not_found' },
      }),
      stamp,
    );
    expect(record.reason).toBe('not_found: your organisation has recorded no consent abc');
    expect(record.resource).toMatchObject({ id: 'abc', type: 'consent' });
    expect(accessRecordKey(record)).toBe('safe-harbour');
  });

  it('given subjects in the body and in an upstream header, then all are listed once, and no single subjectId is claimed', () => {
    const record = buildAccessRecord(
      answered({
        principal: worker,
        target: target('POST', '/v1/consents'),
        status: 201,
        requestBody: { subjectId: SUBJECT.toUpperCase() },
        upstreamSubjectIds: `${OTHER}, ${SUBJECT}, not-a-uuid`,
      }),
      stamp,
    );
    expect(record.resource.subjectIds).toEqual([SUBJECT, OTHER]);
    expect(record.resource.subjectId).toBeUndefined();
    expect(registry.validate(ACCESS_RECORDED_TYPE, record)).toEqual({ ok: true });
  });

  it('given an allowed answer whose route left a note (a flagged consent), then the reason carries it after the roles', () => {
    const record = buildAccessRecord(
      answered({
        principal: worker,
        target: target('POST', '/v1/consents'),
        status: 201,
        note: 'flagged consent-volume: 21 consents recorded by this person within 60 minutes (more than 20)',
      }),
      stamp,
    );
    expect(record.reason).toBe(
      'answered 201 to roles case-worker; flagged consent-volume: 21 consents recorded by this person within 60 minutes (more than 20)',
    );
    expect(registry.validate(ACCESS_RECORDED_TYPE, record)).toEqual({ ok: true });
  });

  it('given an address that is not an IP, then the client is left out rather than the record refused', () => {
    const record = buildAccessRecord(answered({ address: 'unix-socket' }), stamp);
    expect(record.client).toBeUndefined();
    expect(registry.validate(ACCESS_RECORDED_TYPE, record)).toEqual({ ok: true });
  });
});

describe('correlationIdFor and parseSubjectIds', () => {
  it('keeps a usable request id and replaces an unusable one with a UUID', () => {
    expect(correlationIdFor('req-42')).toBe('req-42');
    expect(correlationIdFor('has space')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads comma-separated and JSON-array headers, dropping what is not a UUID', () => {
    expect(parseSubjectIds(`${SUBJECT},${OTHER}`)).toEqual([SUBJECT, OTHER]);
    expect(parseSubjectIds(`["${SUBJECT}","x"]`)).toEqual([SUBJECT]);
    expect(parseSubjectIds(undefined)).toEqual([]);
  });
});
