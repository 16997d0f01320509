import { ALLOW, consentOf, hashKeys, sectorRules } from '../fixtures/policy-builders';
import { decide } from './decide';
import type { Decision } from './decision.types';
import { explain, explainRefusal } from './explain';

const base = {
  categories: {
    '/givenName': 'identity',
    '/phone': 'contact',
    '/urgency': 'operational',
    '/narrative': 'narrative',
    '/dob': 'identity',
  } as const,
  recipient: { partnerId: 'safe-harbour', sector: 'ngo' } as const,
  decisionTime: '2025-12-02T10:00:00Z',
  hashKeys,
};
const event = (data: unknown) => ({
  id: 'event-1',
  type: 'org.beacon.alert.raised.v2',
  subject: 's-1',
  data,
});

function decided(decision: Decision) {
  if (decision.outcome !== 'decided') throw new Error('expected a decision');
  return decision;
}

describe('explain', () => {
  const policy = sectorRules('ngo', {
    operational: ALLOW,
    narrative: ALLOW,
    identity: {
      action: { type: 'hash' },
      grants: [{ purposes: ['care-coordination'], requiresConsent: true, action: { type: 'allow' } }],
    },
  });

  it('given a decision, when explained, then every path has an outcome, the deciding rule and a sentence', () => {
    // given
    const { record } = decided(
      decide({
        ...base,
        event: event({
          givenName: 'Ana',
          phone: '+447700900123',
          urgency: 'urgent',
          secret: 'x',
          narrative: 'Ana is here',
        }),
        policy,
        consents: [
          consentOf(
            'c-1',
            's-1',
            [
              {
                type: 'permit',
                grantee: { kind: 'sector', sector: 'ngo' },
                purposes: ['care-coordination'],
                categories: ['identity'],
              },
            ],
            { status: 'revoked', revokedAt: '2025-12-01T00:00:00Z' },
          ),
        ],
        purpose: 'care-coordination',
      }),
    );

    // when
    const explained = Object.fromEntries(explain(record).map((e) => [e.path, e]));

    // then
    expect(explained['/urgency']).toMatchObject({
      outcome: 'disclosed',
      decidedBy: 'ngo policy, operational rule',
      explanation: 'Disclosed unchanged: the ngo policy says "allow" for operational data.',
    });
    expect(explained['/givenName']).toMatchObject({
      outcome: 'transformed',
      transformation: 'hash',
      explanation:
        'Sent as a keyed hash that only this recipient gets: the ngo policy says "hash" for identity data; ' +
        "with the subject's consent it would be shared further for care-coordination, but no consent in force " +
        'permits it (consent c-1 was revoked on 2025-12-01T00:00:00Z).',
    });
    expect(explained['/phone']).toMatchObject({
      outcome: 'withheld',
      decidedBy: 'default deny (ngo policy has no contact rule)',
    });
    expect(explained['/secret']?.explanation).toBe(
      'Withheld (left out): the field has no data category in its schema, and a field without a category is withheld from everyone.',
    );
    expect(explained['/narrative']?.explanation).toContain('replaced (1 × [name])');
  });

  it('given consent and break-glass decisions, when explained, then they name the consent and the emergency', () => {
    // given
    const glassPolicy = sectorRules(
      'ngo',
      { contact: { action: { type: 'drop' } } },
      { roles: ['case-worker'], categories: ['contact'], durationMinutes: 30, minReasonLength: 20 },
    );
    const deny = consentOf('c-9', 's-1', [
      {
        type: 'deny',
        grantee: { kind: 'sector', sector: 'ngo' },
        purposes: ['emergency'],
        categories: ['contact'],
      },
    ]);

    // when
    const { record } = decided(
      decide({
        ...base,
        event: event({ phone: '+447700900123' }),
        policy: glassPolicy,
        consents: [deny],
        purpose: 'emergency',
        breakGlass: {
          role: 'case-worker',
          reason: 'She called from a locked room, line cut.',
          startedAt: '2025-12-02T09:50:00Z',
        },
      }),
    );

    // then
    expect(explain(record)).toEqual([
      {
        path: '/phone',
        outcome: 'disclosed',
        transformation: 'allow',
        decidedBy: 'break-glass by case-worker',
        explanation:
          'Disclosed unchanged: emergency access (break-glass) by role case-worker until 2025-12-02T10:20:00.000Z, ' +
          'reason: "She called from a locked room, line cut.", overriding the subject\'s deny in consent c-9.',
      },
    ]);
  });

  it('given a refusal, when explained, then it says that nothing was sent and why', () => {
    // given
    const decision = decide({
      ...base,
      event: event({}),
      policy,
      consents: [],
      purpose: 'emergency',
      breakGlass: { role: 'case-worker', reason: '', startedAt: '2025-12-02T09:50:00Z' },
    });
    if (decision.outcome !== 'refused') throw new Error('expected a refusal');

    // then
    expect(explainRefusal(decision.refusal)).toBe(
      'No data was sent to safe-harbour for event event-1: break-glass needs a written reason (break-glass-reason-missing).',
    );
  });
});
