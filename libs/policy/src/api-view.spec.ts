import { ALLOW, compiled, consentOf, hashKeys } from '../fixtures/policy-builders';
import { apiViewRule, decideApiView } from './api-view';
import { hashKeysFromSecret } from './hash-keys';
import { compilePolicyFile } from './policy-file';
import type { CompiledPolicy } from './policy.types';

const SUBJECT = '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04';
const CATEGORIES = {
  '/caseId': 'operational',
  '/subjectId': 'identity',
  '/worker/name': 'operational',
} as const;
const VIEW = {
  caseId: 'case-1',
  subjectId: SUBJECT,
  worker: { name: 'Kwame Mensah' },
  extra: 'not in the schema',
};

function policyWithView(): CompiledPolicy {
  return compiled({
    policyId: 'test-policy',
    title: 'Test policy',
    sectors: {
      ngo: {
        rules: {
          operational: ALLOW,
          identity: {
            action: { type: 'drop' },
            grants: [{ purposes: ['care-coordination'], requiresConsent: true, action: { type: 'allow' } }],
          },
        },
      },
      'law-enforcement': { rules: { operational: ALLOW, identity: { action: { type: 'hash' } } } },
    },
    routing: [],
    apiFields: {
      views: [
        {
          id: 'case',
          schema: 'api/case-view.v1.json',
          purpose: 'care-coordination',
          routes: ['GET /v1/cases/:id'],
          note: 'A test view.',
        },
      ],
      operational: [{ id: 'me', routes: ['GET /v1/me'], note: 'The caller’s own claims.' }],
    },
  });
}

const base = {
  viewId: 'case',
  view: VIEW,
  viewKey: 'case-1',
  subjectId: SUBJECT,
  categories: CATEGORIES,
  consents: [],
  decisionTime: '2025-03-16T09:00:00Z',
  hashKeys,
};

describe('decideApiView: an API answer decided like a delivery', () => {
  it('given an NGO caller without consent, then the subject id is dropped, operational fields stay and an uncategorised field is withheld', () => {
    // when
    const decision = decideApiView({
      ...base,
      policy: policyWithView(),
      caller: { partnerId: 'shelter', sector: 'ngo' },
    });

    // then
    expect(decision.outcome).toBe('decided');
    if (decision.outcome !== 'decided') return;
    expect(decision.view).toEqual({ caseId: 'case-1', worker: { name: 'Kwame Mensah' } });
    expect(decision.record.purpose).toBe('care-coordination');
    expect(decision.record.withheld.map((w) => [w.path, w.reason])).toEqual([
      ['/subjectId', 'consent-required'],
      ['/extra', 'uncategorised'],
    ]);
  });

  it('given a consent for the NGO, then the subject id is in clear; for the police, it is the per-recipient hash', () => {
    // given
    const policy = policyWithView();
    const consent = consentOf('c-1', SUBJECT, [
      {
        type: 'permit',
        grantee: { kind: 'sector', sector: 'ngo' },
        purposes: ['care-coordination'],
        categories: ['identity'],
      },
    ]);

    // when
    const ngo = decideApiView({
      ...base,
      policy,
      consents: [consent],
      caller: { partnerId: 'shelter', sector: 'ngo' },
    });
    const police = decideApiView({
      ...base,
      policy,
      caller: { partnerId: 'metro-police', sector: 'law-enforcement' },
    });

    // then
    expect(ngo.outcome === 'decided' && ngo.view.subjectId).toBe(SUBJECT);
    expect(police.outcome === 'decided' && police.view.subjectId).toMatch(/^hmac:/);
  });

  it('given a policy that does not name the view, then deciding it throws rather than answer undecided', () => {
    expect(() => apiViewRule(policyWithView(), 'unknown')).toThrow(/names no API view "unknown"/);
    expect(() =>
      decideApiView({
        ...base,
        viewId: 'unknown',
        policy: policyWithView(),
        caller: { partnerId: 'x', sector: 'ngo' },
      }),
    ).toThrow(/names no API view/);
  });
});

describe('hashKeysFromSecret and compilePolicyFile', () => {
  it('given one secret, then each partner gets its own key, the same every time', () => {
    const keys = hashKeysFromSecret('a-secret-of-at-least-thirty-two-characters');
    const again = hashKeysFromSecret('a-secret-of-at-least-thirty-two-characters');
    expect(Buffer.from(keys('a') as Buffer).equals(again('a') as Buffer)).toBe(true);
    expect(Buffer.from(keys('a') as Buffer).equals(keys('b') as Buffer)).toBe(false);
  });

  it('given a file that is not JSON or not a valid policy, then it throws naming the file and the problem', () => {
    expect(() => compilePolicyFile('{', 'broken.json')).toThrow(/policy broken.json is not JSON/);
    expect(() => compilePolicyFile('{"policyId":"x"}', 'bad.json')).toThrow(
      /policy bad.json is not valid: .*title/,
    );
  });
});
