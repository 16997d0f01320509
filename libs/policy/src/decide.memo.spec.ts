import { ALLOW, consentOf, hashKeys, sectorRules } from '../fixtures/policy-builders';
import { decide } from './decide';
import type { DecideInput, Decision } from './decision.types';
import type { HashKeySource } from './transformations';

/**
 * What `decide` remembers between calls (per policy, consents array, event
 * and key source) must never make a later decision differ from a fresh one.
 */
const SUBJECT = 'subject-1';
const NGO = { partnerId: 'safe-harbour', sector: 'ngo' } as const;
const policy = sectorRules('ngo', {
  operational: ALLOW,
  identity: {
    action: { type: 'hash' },
    grants: [{ purposes: ['care-coordination'], requiresConsent: true, action: { type: 'allow' } }],
  },
  narrative: ALLOW,
});
const categories = { '/givenName': 'identity', '/urgency': 'operational', '/story': 'narrative' } as const;

function input(overrides: Partial<DecideInput> = {}): DecideInput {
  return {
    event: {
      id: 'e-1',
      type: 'org.beacon.alert.raised.v2',
      subject: SUBJECT,
      data: { givenName: 'Ana', urgency: 'urgent', story: 'Ana was seen at the station.' },
    },
    categories,
    recipient: NGO,
    policy,
    consents: [],
    purpose: 'care-coordination',
    decisionTime: '2025-12-02T10:00:00Z',
    hashKeys,
    ...overrides,
  };
}

function data(decision: Decision): unknown {
  if (decision.outcome !== 'decided') throw new Error(`refused: ${decision.refusal.message}`);
  return decision.data;
}

const permit = consentOf('c-permit', SUBJECT, [
  {
    type: 'permit',
    grantee: { kind: 'sector', sector: 'ngo' },
    purposes: ['care-coordination'],
    categories: ['identity'],
  },
]);
const deny = consentOf('c-deny', SUBJECT, [
  {
    type: 'deny',
    grantee: { kind: 'sector', sector: 'ngo' },
    purposes: ['care-coordination'],
    categories: ['identity'],
  },
]);

describe('decide: what it remembers never outlasts what it was remembered from', () => {
  it('given a consents array decided once, when a deny is pushed onto the same array, then the next decision honours the deny', () => {
    // given
    const consents = [permit];
    expect(data(decide(input({ consents })))).toMatchObject({ givenName: 'Ana' });

    // when
    consents.push(deny);

    // then
    expect(data(decide(input({ consents })))).toEqual({
      urgency: 'urgent',
      story: '[name] was seen at the station.',
    });
  });

  it('given an event decided once, when its data is changed in place, then the narrative is scrubbed of the new name', () => {
    // given
    const event = input().event;
    const rawData = event.data as Record<string, string>;
    decide(input({ event }));

    // when
    rawData.givenName = 'Maria';
    rawData.story = 'Maria was seen at the station.';

    // then
    expect(data(decide(input({ event })))).toMatchObject({ story: '[name] was seen at the station.' });
  });

  it('given a key source that wipes its buffer after handing it out, when hashing again, then the hash is made with the key, not with zeros', () => {
    // given
    const handedOut: Buffer[] = [];
    const wiping: HashKeySource = (partnerId) => {
      const key = Buffer.from(`test-key-for-${partnerId}`.padEnd(40, '#'));
      handedOut.push(key);
      return key;
    };
    const first = data(decide(input({ hashKeys: wiping })));

    // when
    for (const key of handedOut) key.fill(0);
    const second = data(decide(input({ hashKeys: wiping })));

    // then
    expect(second).toEqual(first);
    expect(second).toEqual(data(decide(input())));
  });
});
