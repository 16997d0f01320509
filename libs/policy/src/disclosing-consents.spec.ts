import { disclosingConsentIds } from './disclosing-consents';
import type { DecisionRecord } from './decision.types';

const permit = (...consentIds: string[]) =>
  ({
    kind: 'consent-permit',
    sector: 'ngo',
    category: 'identity',
    purpose: 'care-coordination',
    action: 'allow',
    grantIndex: 0,
    consentIds,
  }) as const;

describe('disclosingConsentIds', () => {
  it('given paths disclosed under consents, when asked, then it lists those consents once each, sorted', () => {
    // given
    const record: Pick<DecisionRecord, 'disclosed' | 'withheld'> = {
      disclosed: [
        { path: '/givenName', category: 'identity', basis: permit('c-2', 'c-1') },
        { path: '/phone', category: 'contact', basis: permit('c-2') },
        {
          path: '/urgency',
          category: 'operational',
          basis: { kind: 'sector-rule', sector: 'ngo', category: 'operational', action: 'allow' },
        },
      ],
      withheld: [],
    };

    // when / then
    expect(disclosingConsentIds(record)).toEqual(['c-1', 'c-2']);
  });

  it('given a consent that only denied, when asked, then it is not listed', () => {
    // given
    const record: Pick<DecisionRecord, 'disclosed' | 'withheld'> = {
      disclosed: [],
      withheld: [
        {
          path: '/givenName',
          category: 'identity',
          transformation: 'drop',
          reason: 'consent-denied',
          basis: {
            kind: 'consent-deny',
            category: 'identity',
            purpose: 'care-coordination',
            consentIds: ['c-deny'],
          },
        },
      ],
    };

    // when / then
    expect(disclosingConsentIds(record)).toEqual([]);
  });

  it('given a path delivered hashed or scrubbed under a consent, when asked, then that consent is listed, and a dropped one is not', () => {
    // given
    const record: Pick<DecisionRecord, 'disclosed' | 'withheld'> = {
      disclosed: [],
      withheld: [
        {
          path: '/narrative',
          category: 'narrative',
          transformation: 'scrub',
          reason: 'narrative-scrubbed',
          basis: permit('c-scrubbed'),
        },
        {
          path: '/phone',
          category: 'contact',
          transformation: 'drop',
          reason: 'hash-key-unavailable',
          basis: permit('c-dropped'),
        },
      ],
    };

    // when / then
    expect(disclosingConsentIds(record)).toEqual(['c-scrubbed']);
  });
});
