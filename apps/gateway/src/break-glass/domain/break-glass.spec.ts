import type { Principal } from '@beacon/auth';
import { compilePolicy, type CompiledPolicy } from '@beacon/policy';
import policyDocument from '../../../../../config/policies/beacon-default.v1.json';
import { decideBreakGlass, readBreakGlassBody, type BreakGlassBody } from './break-glass';

const compiled = compilePolicy(policyDocument);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const policy: CompiledPolicy = compiled.policy;
const SUBJECT = '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04';
const REASON = 'Caller reports he is locked in the car wash tonight; we need the exact place.';
const NOW = new Date('2026-11-25T09:00:00.000Z');
const officer: Principal = {
  subject: 'worker:mp-40317',
  partnerId: 'metro-police',
  sector: 'law-enforcement',
  roles: ['case-worker'],
  name: 'DC Hannah Okafor',
};

function body(extra: Partial<BreakGlassBody> = {}): BreakGlassBody {
  return { subjectId: SUBJECT, reason: REASON, ...extra };
}

describe('reading a break-glass request', () => {
  it('given no reason, when read, then the error names /reason', () => {
    // when
    const read = readBreakGlassBody({ subjectId: SUBJECT, purpose: 'emergency' });

    // then
    expect(read).toEqual({
      ok: false,
      errors: [{ pointer: '/reason', message: 'is required: a written reason for emergency access' }],
    });
  });

  it('given a wrong purpose, an unknown category and a bad subject, when read, then each is named', () => {
    // when
    const read = readBreakGlassBody({
      subjectId: 'x',
      purpose: 'investigation',
      reason: REASON,
      categories: ['dna'],
    });

    // then
    expect(read.ok ? [] : read.errors.map((e) => e.pointer)).toEqual([
      '/subjectId',
      '/purpose',
      '/categories/0',
    ]);
  });
});

describe('deciding a break-glass request against the sector policy', () => {
  it('given a police case worker and a good reason, when decided, then the grant is for their own force, the policy categories and an hour', () => {
    // when
    const decision = decideBreakGlass(body(), officer, policy, NOW, 'b7e3a9c1-5d2f-4a68-9e14-6c8b2d0f7a35');

    // then
    expect(decision).toMatchObject({
      kind: 'granted',
      data: {
        grantee: { partnerId: 'metro-police', sector: 'law-enforcement' },
        purpose: 'emergency',
        categories: ['identity', 'contact', 'location.precise'],
        startedAt: '2026-11-25T09:00:00.000Z',
        expiresAt: '2026-11-25T10:00:00.000Z',
        grantedBy: { role: 'case-worker', caseWorker: { workerId: 'worker:mp-40317' } },
      },
    });
  });

  it('given a partner-system token or a school, when decided, then it is forbidden', () => {
    // when
    const system = decideBreakGlass(body(), { ...officer, roles: ['partner-system'] }, policy, NOW, 'g');
    const school = decideBreakGlass(
      body(),
      { ...officer, partnerId: 'northside-school', sector: 'education' },
      policy,
      NOW,
      'g',
    );

    // then
    expect(system).toMatchObject({ kind: 'forbidden' });
    expect(school).toEqual({ kind: 'forbidden', message: 'the education policy allows no break-glass' });
  });

  it('given a short reason, a category the policy does not open and too long a duration, when decided, then each is named', () => {
    // when
    const decision = decideBreakGlass(
      body({ reason: 'urgent', categories: ['contact', 'immigration'], durationMinutes: 90 }),
      officer,
      policy,
      NOW,
      'g',
    );

    // then
    expect(decision).toEqual({
      kind: 'invalid',
      errors: [
        { pointer: '/reason', message: 'has 6 characters; the law-enforcement policy asks for at least 20' },
        {
          pointer: '/categories/1',
          message:
            '"immigration" is not opened by law-enforcement break-glass (it opens identity, contact, location.precise)',
        },
        {
          pointer: '/durationMinutes',
          message: "is more than the law-enforcement policy's maximum of 60 minutes",
        },
      ],
    });
  });

  it('given a shorter duration and fewer categories, when decided, then the grant has them', () => {
    // when
    const decision = decideBreakGlass(
      body({ categories: ['contact'], durationMinutes: 0.5 }),
      officer,
      policy,
      NOW,
      'g',
    );

    // then
    expect(decision).toMatchObject({
      kind: 'granted',
      data: { categories: ['contact'], expiresAt: '2026-11-25T09:00:30.000Z' },
    });
  });
});
