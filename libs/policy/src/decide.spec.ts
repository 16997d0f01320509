// Imported, not read with fs: libs/policy may not touch fs, spec files included (policy-is-pure).
import beaconDefaultV1 from '../../../config/policies/beacon-default.v1.json';
import { ALERT_V2_CATEGORIES, SUBJECT_ID, alertEvent } from '../fixtures/alert-raised-v2.fixture';
import { ALLOW, DROP, consentOf, hashKeys, policyOf, sectorRules } from '../fixtures/policy-builders';
import {
  type BreakGlassPolicy,
  type CategoryMap,
  type CompiledPolicy,
  type Consent,
  type DecideInput,
  type Decision,
  type DecisionEvent,
  type DecisionRecord,
  type Recipient,
  compilePolicy,
  decide,
} from './index';

const NGO: Recipient = { partnerId: 'safe-harbour', sector: 'ngo' };
const POLICE: Recipient = { partnerId: 'metro-police', sector: 'law-enforcement' };
const SCHOOL: Recipient = { partnerId: 'northside-school', sector: 'education' };
const NOW = '2025-12-02T10:00:00.000Z';
const SUBJECT = 'subject-1';

/** A small event whose leaves each have one category, for precise assertions. */
function eventWith(data: unknown, subject = SUBJECT): DecisionEvent {
  return { id: 'event-1', type: 'org.beacon.alert.raised.v2', subject, time: NOW, data };
}

const CATEGORIES: CategoryMap = {
  '/givenName': 'identity',
  '/aliases/*': 'identity',
  '/dateOfBirth': 'identity',
  '/phone': 'contact',
  '/urgency': 'operational',
  '/health/notes': 'health',
  '/health/pregnant': 'health',
  '/latitude': 'location.precise',
  '/longitude': 'location.precise',
  '/observedAt': 'operational',
  '/indicators/*': 'criminal-justice',
  '/narrative': 'narrative',
};

function input(overrides: Partial<DecideInput> & { policy: CompiledPolicy }): DecideInput {
  return {
    event: eventWith({ givenName: 'Ana', urgency: 'urgent' }),
    categories: CATEGORIES,
    recipient: NGO,
    consents: [],
    purpose: 'care-coordination',
    decisionTime: NOW,
    hashKeys,
    ...overrides,
  };
}

function decided(decision: Decision): Extract<Decision, { outcome: 'decided' }> {
  if (decision.outcome !== 'decided') throw new Error(`expected a decision, got ${JSON.stringify(decision)}`);
  return decision;
}

function refused(decision: Decision): Extract<Decision, { outcome: 'refused' }>['refusal'] {
  if (decision.outcome !== 'refused')
    throw new Error(`expected a refusal, got ${JSON.stringify(decision.record)}`);
  return decision.refusal;
}

function withheldAt(record: DecisionRecord, path: string) {
  const entry = record.withheld.find((w) => w.path === path);
  if (entry === undefined) throw new Error(`${path} is not withheld: ${JSON.stringify(record)}`);
  return entry;
}

function disclosedAt(record: DecisionRecord, path: string) {
  const entry = record.disclosed.find((d) => d.path === path);
  if (entry === undefined) throw new Error(`${path} is not disclosed: ${JSON.stringify(record)}`);
  return entry;
}

describe('decide: actions', () => {
  it('given an allow rule, when deciding, then the value is delivered unchanged and listed as disclosed', () => {
    // given
    const policy = sectorRules('ngo', { operational: ALLOW });

    // when
    const { data, record } = decided(decide(input({ policy, event: eventWith({ urgency: 'urgent' }) })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(record.disclosed).toEqual([
      { path: '/urgency', category: 'operational', basis: expect.objectContaining({ kind: 'sector-rule' }) },
    ]);
    expect(record.withheld).toEqual([]);
  });

  it('given a drop rule, when deciding, then the field is left out and recorded as withheld by sector policy', () => {
    // given
    const policy = sectorRules('ngo', { operational: ALLOW, health: DROP });

    // when
    const { data, record } = decided(
      decide(input({ policy, event: eventWith({ urgency: 'urgent', health: { notes: 'fracture' } }) })),
    );

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/health/notes')).toMatchObject({
      transformation: 'drop',
      reason: 'sector-policy',
      category: 'health',
    });
  });

  it('given a nullify rule, when deciding, then the field is kept with a null value', () => {
    // given
    const policy = sectorRules('ngo', { health: { action: { type: 'nullify' } } });

    // when
    const { data, record } = decided(
      decide(input({ policy, event: eventWith({ health: { notes: 'fracture', pregnant: true } }) })),
    );

    // then
    expect(data).toEqual({ health: { notes: null, pregnant: null } });
    expect(withheldAt(record, '/health/pregnant').transformation).toBe('nullify');
  });

  it.each([
    ['redact', 'Xxxxxx nnnn', 'Amelia 1984'],
    ['show-last-4', 'nnnnnnnn9012', '447700109012'],
    ['show-first-4', '4477nnnnnnnn', '447700109012'],
  ] as const)('given a mask rule (%s), when deciding, then the value is masked', (style, expected, value) => {
    // given
    const policy = sectorRules('ngo', { contact: { action: { type: 'mask', style } } });

    // when
    const { data, record } = decided(decide(input({ policy, event: eventWith({ phone: value }) })));

    // then
    expect(data).toEqual({ phone: expected });
    expect(withheldAt(record, '/phone')).toMatchObject({ transformation: 'mask', reason: 'sector-policy' });
  });

  it('given a hash rule, when deciding, then the value is replaced with a keyed HMAC', () => {
    // given
    const policy = sectorRules('ngo', { identity: { action: { type: 'hash' } } });

    // when
    const { data, record } = decided(decide(input({ policy, event: eventWith({ givenName: 'Ana' }) })));

    // then
    expect(data).toEqual({ givenName: expect.stringMatching(/^hmac:[A-Za-z0-9_-]{43}$/) });
    expect(withheldAt(record, '/givenName').transformation).toBe('hash');
  });

  it('given a generalize rule, when deciding, then dates, coordinates and timestamps are coarsened', () => {
    // given
    const policy = sectorRules('ngo', {
      identity: { action: { type: 'generalize', date: 'age-band' } },
      'location.precise': { action: { type: 'generalize', number: { decimals: 2 } } },
      operational: { action: { type: 'generalize', dateTime: 'day' } },
    });
    const event = eventWith({
      dateOfBirth: '2005-06-30',
      latitude: 51.50722,
      longitude: -0.12755,
      observedAt: '2025-12-01T23:30:00-02:00',
    });

    // when
    const { data, record } = decided(decide(input({ policy, event })));

    // then
    expect(data).toEqual({
      dateOfBirth: '18-24',
      latitude: 51.51,
      longitude: -0.13,
      observedAt: '2025-12-02',
    });
    expect(withheldAt(record, '/latitude').transformation).toBe('generalize');
  });

  it('given a generalize rule and a value it has no rule for, when deciding, then the value is dropped (fail closed)', () => {
    // given
    const policy = sectorRules('ngo', { identity: { action: { type: 'generalize', date: 'year' } } });

    // when
    const { data, record } = decided(decide(input({ policy, event: eventWith({ givenName: 'Ana' }) })));

    // then
    expect(data).toEqual({});
    expect(withheldAt(record, '/givenName')).toMatchObject({
      transformation: 'drop',
      reason: 'not-generalizable',
    });
  });

  it('given a hash rule and no usable key for the recipient, when deciding, then the value is dropped', () => {
    // given
    const policy = sectorRules('ngo', { identity: { action: { type: 'hash' } } });

    // when
    const { data, record, envelope } = decided(
      decide(input({ policy, recipient: { partnerId: 'no-key-partner', sector: 'ngo' } })),
    );

    // then
    expect(data).toEqual({});
    expect(withheldAt(record, '/givenName')).toMatchObject({
      transformation: 'drop',
      reason: 'hash-key-unavailable',
    });
    expect(envelope).toEqual({});
  });

  it('given a key shorter than 32 bytes, when hashing, then it is refused as unusable', () => {
    // given
    const policy = sectorRules('ngo', { identity: { action: { type: 'hash' } } });

    // when
    const { record } = decided(decide(input({ policy, hashKeys: () => 'short-key' })));

    // then
    expect(withheldAt(record, '/givenName').reason).toBe('hash-key-unavailable');
  });
});

describe('decide: default deny', () => {
  it('given a sector without a rule for a category, when deciding, then the field is withheld as default-deny', () => {
    // given
    const policy = sectorRules('ngo', { operational: ALLOW });

    // when
    const { data, record } = decided(
      decide(input({ policy, event: eventWith({ urgency: 'urgent', health: { notes: 'fracture' } }) })),
    );

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/health/notes')).toMatchObject({
      transformation: 'drop',
      reason: 'default-deny',
      basis: { kind: 'default-deny', sector: 'ngo', category: 'health' },
    });
  });

  it('given a recipient sector the policy does not name, when deciding, then nothing is delivered', () => {
    // given
    const policy = sectorRules('health-care', { operational: ALLOW, identity: ALLOW });

    // when
    const { data, record } = decided(decide(input({ policy, recipient: SCHOOL })));

    // then
    expect(data).toEqual({});
    expect(record.disclosed).toEqual([]);
    expect(record.withheld.map((w) => w.reason)).toEqual(['default-deny', 'default-deny']);
  });

  it('given a field the category map does not know, when deciding, then it is withheld as uncategorised even from an allow-all sector', () => {
    // given
    const everything = Object.fromEntries(
      ['identity', 'contact', 'operational', 'health', 'narrative'].map((c) => [c, ALLOW]),
    );
    const policy = sectorRules('ngo', everything);

    // when
    const { data, record } = decided(
      decide(
        input({ policy, event: eventWith({ urgency: 'urgent', secretNote: 'exploiter is her uncle' }) }),
      ),
    );

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/secretNote')).toMatchObject({
      transformation: 'drop',
      reason: 'uncategorised',
      category: null,
    });
  });

  it('given a map entry for a leaf and an object in its place, when deciding, then the nested fields are uncategorised', () => {
    // given
    const policy = sectorRules('ngo', { identity: ALLOW });

    // when
    const { data, record } = decided(
      decide(input({ policy, event: eventWith({ givenName: { first: 'Ana', middle: 'Maria' } }) })),
    );

    // then
    expect(data).toEqual({});
    expect(record.withheld.map((w) => [w.path, w.reason])).toEqual([
      ['/givenName/first', 'uncategorised'],
      ['/givenName/middle', 'uncategorised'],
    ]);
  });

  it('given arrays and objects emptied by drops, when deciding, then they close up or disappear', () => {
    // given
    const policy = sectorRules('ngo', { 'criminal-justice': ALLOW, operational: ALLOW });
    const categories: CategoryMap = {
      '/indicators/*': 'criminal-justice',
      '/documents/*/number': 'identity',
      '/documents/*/heldBy': 'criminal-justice',
      '/urgency': 'operational',
    };
    const event = eventWith({
      urgency: 'routine',
      indicators: ['lives-at-workplace', { unexpected: 'object' }, 'unable-to-leave-freely'],
      documents: [{ number: 'X1234567' }, { number: 'Y7654321', heldBy: 'exploiter' }],
    });

    // when
    const { data, record } = decided(decide(input({ policy, categories, event })));

    // then
    expect(data).toEqual({
      urgency: 'routine',
      indicators: ['lives-at-workplace', 'unable-to-leave-freely'],
      documents: [{ heldBy: 'exploiter' }],
    });
    // Record paths point into the source event, not into the compacted delivery.
    expect(disclosedAt(record, '/indicators/2').category).toBe('criminal-justice');
    expect(disclosedAt(record, '/documents/1/heldBy').category).toBe('criminal-justice');
  });

  it('given a key named __proto__, when deciding, then it stays a plain data key', () => {
    // given
    const policy = sectorRules('ngo', { operational: ALLOW });
    const data = JSON.parse('{"__proto__": {"urgency": "x"}, "urgency": "routine"}');

    // when
    const result = decided(decide(input({ policy, event: eventWith(data) })));

    // then
    expect(JSON.stringify(result.data)).toBe('{"urgency":"routine"}');
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
  });

  it('given a wildcard entry and a more specific entry, when deciding, then the specific one wins', () => {
    // given
    const policy = sectorRules('ngo', { 'criminal-justice': ALLOW });
    const categories: CategoryMap = { '/indicators/*': 'criminal-justice', '/indicators/0': 'health' };

    // when
    const { data } = decided(
      decide(input({ policy, categories, event: eventWith({ indicators: ['a', 'b'] }) })),
    );

    // then
    expect(data).toEqual({ indicators: ['b'] });
  });
});

describe('decide: consent', () => {
  const policy = sectorRules('ngo', {
    operational: ALLOW,
    identity: {
      action: { type: 'drop' },
      grants: [{ purposes: ['care-coordination'], requiresConsent: true, action: { type: 'allow' } }],
    },
    'criminal-justice': {
      action: { type: 'drop' },
      grants: [{ purposes: ['safety-planning'], requiresConsent: false, action: { type: 'allow' } }],
    },
  });
  const permitNgoIdentity = (
    extra: Partial<Consent> = {},
    period?: { start: string; end?: string },
  ): Consent =>
    consentOf(
      'consent-permit',
      SUBJECT,
      [
        {
          type: 'permit',
          grantee: { kind: 'sector', sector: 'ngo' },
          purposes: ['care-coordination'],
          categories: ['identity'],
          ...(period === undefined ? {} : { period }),
        },
      ],
      extra,
    );

  it('given no consent, when an identity grant needs one, then identity is withheld with reason consent-required', () => {
    // when
    const { data, record } = decided(decide(input({ policy })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/givenName')).toMatchObject({
      reason: 'consent-required',
      transformation: 'drop',
    });
    expect(record.consentIds).toEqual([]);
  });

  it('given a permit for the sector, purpose and category, when deciding, then the grant widens access and the consent is recorded', () => {
    // when
    const { data, record } = decided(decide(input({ policy, consents: [permitNgoIdentity()] })));

    // then
    expect(data).toEqual({ givenName: 'Ana', urgency: 'urgent' });
    expect(disclosedAt(record, '/givenName').basis).toMatchObject({
      kind: 'consent-permit',
      consentIds: ['consent-permit'],
      purpose: 'care-coordination',
    });
    expect(record.consentIds).toEqual(['consent-permit']);
  });

  it('given a permit for another purpose, when deciding, then it does not widen access', () => {
    // when
    const { data } = decided(
      decide(input({ policy, consents: [permitNgoIdentity()], purpose: 'safety-planning' })),
    );

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });

  it('given a permit naming the partner rather than the sector, when deciding, then it applies to that partner only', () => {
    // given
    const consent = consentOf('consent-partner', SUBJECT, [
      {
        type: 'permit',
        grantee: { kind: 'partner', partnerId: 'safe-harbour' },
        purposes: ['care-coordination'],
        categories: ['identity'],
      },
    ]);

    // when
    const named = decided(decide(input({ policy, consents: [consent] })));
    const other = decided(
      decide(input({ policy, consents: [consent], recipient: { partnerId: 'other-ngo', sector: 'ngo' } })),
    );

    // then
    expect(named.data).toEqual({ givenName: 'Ana', urgency: 'urgent' });
    expect(other.data).toEqual({ urgency: 'urgent' });
  });

  it('given a permit and a deny for the same category, when deciding, then the deny wins', () => {
    // given
    const deny = consentOf('consent-deny', SUBJECT, [
      {
        type: 'deny',
        grantee: { kind: 'partner', partnerId: 'safe-harbour' },
        purposes: ['care-coordination'],
        categories: ['identity'],
      },
    ]);

    // when
    const { data, record } = decided(decide(input({ policy, consents: [permitNgoIdentity(), deny] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/givenName')).toMatchObject({
      reason: 'consent-denied',
      basis: { kind: 'consent-deny', consentIds: ['consent-deny'] },
    });
    expect(record.consentIds).toEqual(['consent-deny']);
  });

  it('given a deny, when the policy allows the category without consent, then the deny still wins', () => {
    // given
    const deny = consentOf('consent-deny', SUBJECT, [
      {
        type: 'deny',
        grantee: { kind: 'sector', sector: 'ngo' },
        purposes: ['safety-planning'],
        categories: ['criminal-justice'],
      },
    ]);

    // when
    const { data } = decided(
      decide(
        input({
          policy,
          consents: [deny],
          purpose: 'safety-planning',
          event: eventWith({ indicators: ['lives-at-workplace'], urgency: 'urgent' }),
        }),
      ),
    );

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });

  it('given a consent revoked before the decision time, when deciding, then it is ignored', () => {
    // given
    const revoked = permitNgoIdentity({ status: 'revoked', revokedAt: '2025-12-01T00:00:00Z' });

    // when
    const { data, record } = decided(decide(input({ policy, consents: [revoked] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(record, '/givenName').basis).toMatchObject({
      kind: 'sector-rule',
      consentNeeded: {
        purposes: ['care-coordination'],
        ignoredConsents: [{ consentId: 'consent-permit', why: 'revoked', since: '2025-12-01T00:00:00Z' }],
      },
    });
  });

  it('given a consent revoked after the decision time, when replaying an earlier event, then it still counts', () => {
    // given
    const revokedLater = permitNgoIdentity({ status: 'revoked', revokedAt: '2025-12-03T00:00:00Z' });

    // when
    const { data } = decided(decide(input({ policy, consents: [revokedLater] })));

    // then
    expect(data).toEqual({ givenName: 'Ana', urgency: 'urgent' });
  });

  it('given a provision whose period has ended, when deciding, then it is ignored', () => {
    // given
    const expired = permitNgoIdentity({}, { start: '2025-01-01T00:00:00Z', end: '2025-12-01T00:00:00Z' });

    // when
    const { data } = decided(decide(input({ policy, consents: [expired] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });

  it('given a consent whose overall period has not started, when deciding, then it is ignored', () => {
    // given
    const future = permitNgoIdentity({ period: { start: '2026-01-01T00:00:00Z' } });

    // when
    const { data } = decided(decide(input({ policy, consents: [future] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });

  it('given a consent about another subject, when deciding, then it is ignored', () => {
    // given
    const someoneElse = consentOf('consent-other', 'subject-2', permitNgoIdentity().provisions);

    // when
    const { data } = decided(decide(input({ policy, consents: [someoneElse] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });

  it('given a consent revoked for one grantee only, when deciding, then the other grantees keep it', () => {
    // given
    const consent = consentOf(
      'consent-two',
      SUBJECT,
      [
        {
          type: 'permit',
          grantee: { kind: 'sector', sector: 'ngo' },
          purposes: ['care-coordination'],
          categories: ['identity'],
        },
        {
          type: 'permit',
          grantee: { kind: 'sector', sector: 'health-care' },
          purposes: ['care-coordination'],
          categories: ['identity'],
        },
      ],
      {
        partialRevocations: [
          { grantee: { kind: 'sector', sector: 'health-care' }, revokedAt: '2025-12-01T00:00:00Z' },
        ],
      },
    );
    const both = policyOf({
      ngo: { rules: policy.document.sectors.ngo!.rules },
      'health-care': { rules: policy.document.sectors.ngo!.rules },
    });
    const hospital: Recipient = { partnerId: 'st-mary-hospital', sector: 'health-care' };

    // when
    const ngo = decided(decide(input({ policy: both, consents: [consent] })));
    const health = decided(decide(input({ policy: both, consents: [consent], recipient: hospital })));

    // then
    expect(ngo.data).toEqual({ givenName: 'Ana', urgency: 'urgent' });
    expect(health.data).toEqual({ urgency: 'urgent' });
    expect(withheldAt(health.record, '/givenName').basis).toMatchObject({
      consentNeeded: { ignoredConsents: [{ consentId: 'consent-two', why: 'revoked-for-recipient' }] },
    });
  });

  it('given a deny with an unreadable period, when deciding, then the deny still holds (fail closed)', () => {
    // given
    const deny = consentOf('consent-deny', SUBJECT, [
      {
        type: 'deny',
        grantee: { kind: 'sector', sector: 'ngo' },
        purposes: ['care-coordination'],
        categories: ['identity'],
        period: { start: 'last tuesday' },
      },
    ]);

    // when
    const { data } = decided(decide(input({ policy, consents: [permitNgoIdentity(), deny] })));

    // then
    expect(data).toEqual({ urgency: 'urgent' });
  });
});

describe('decide: break-glass', () => {
  const glass: BreakGlassPolicy = {
    roles: ['case-worker'],
    categories: ['identity', 'contact'],
    durationMinutes: 60,
    minReasonLength: 20,
  };
  const policy = sectorRules('law-enforcement', { operational: ALLOW, contact: DROP }, glass);
  const reason = 'Child at immediate risk: phone still active, need it to locate her tonight.';
  const event = eventWith({ givenName: 'Ana', phone: '+447700900123', urgency: 'emergency' });
  const emergency = (overrides: Partial<DecideInput> = {}): DecideInput =>
    input({
      policy,
      event,
      recipient: POLICE,
      purpose: 'emergency',
      breakGlass: { role: 'case-worker', reason, startedAt: '2025-12-02T09:30:00Z', requestedBy: 'mp-40317' },
      ...overrides,
    });

  it('given a break-glass without a reason, when deciding, then the decision is refused, not quietly denied', () => {
    // when
    const refusal = refused(
      decide(
        emergency({ breakGlass: { role: 'case-worker', reason: '   ', startedAt: '2025-12-02T09:30:00Z' } }),
      ),
    );

    // then
    expect(refusal).toMatchObject({
      code: 'break-glass-reason-missing',
      eventId: 'event-1',
      recipient: POLICE,
    });
  });

  it('given a reason shorter than the policy asks, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(
      decide(
        emergency({
          breakGlass: { role: 'case-worker', reason: 'urgent', startedAt: '2025-12-02T09:30:00Z' },
        }),
      ),
    );

    // then
    expect(refusal.code).toBe('break-glass-reason-too-short');
  });

  it('given a role the policy does not allow, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(
      decide(
        emergency({ breakGlass: { role: 'partner-system', reason, startedAt: '2025-12-02T09:30:00Z' } }),
      ),
    );

    // then
    expect(refusal.code).toBe('break-glass-role-not-allowed');
  });

  it('given a sector without break-glass, when a school breaks the glass, then the decision is refused', () => {
    // when
    const refusal = refused(decide(emergency({ recipient: SCHOOL })));

    // then
    expect(refusal.code).toBe('break-glass-not-available');
  });

  it('given the emergency purpose without break-glass, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(decide(input({ policy, recipient: POLICE, purpose: 'emergency' })));

    // then
    expect(refusal.code).toBe('emergency-requires-break-glass');
  });

  it('given break-glass with another purpose, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(decide(emergency({ purpose: 'investigation' })));

    // then
    expect(refusal.code).toBe('break-glass-requires-emergency-purpose');
  });

  it('given a break-glass that starts after the decision time, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(
      decide(emergency({ breakGlass: { role: 'case-worker', reason, startedAt: '2025-12-02T11:00:00Z' } })),
    );

    // then
    expect(refusal.code).toBe('break-glass-not-started');
  });

  it('given a valid break-glass, when deciding, then its categories are let through and every touched path and the record are flagged', () => {
    // when
    const { data, record } = decided(decide(emergency()));

    // then
    expect(data).toEqual({ givenName: 'Ana', phone: '+447700900123', urgency: 'emergency' });
    expect(record.breakGlass).toEqual({
      state: 'applied',
      role: 'case-worker',
      reason,
      requestedBy: 'mp-40317',
      startedAt: '2025-12-02T09:30:00.000Z',
      expiresAt: '2025-12-02T10:30:00.000Z',
    });
    for (const path of ['/givenName', '/phone']) {
      expect(disclosedAt(record, path).basis).toMatchObject({
        kind: 'break-glass',
        reason,
        expiresAt: '2025-12-02T10:30:00.000Z',
      });
    }
    expect(disclosedAt(record, '/urgency').basis.kind).toBe('sector-rule');
  });

  it('given a deny consent, when break-glass is active, then break-glass overrides it and says so', () => {
    // given
    const deny = consentOf('consent-deny', SUBJECT, [
      {
        type: 'deny',
        grantee: { kind: 'sector', sector: 'law-enforcement' },
        purposes: ['emergency'],
        categories: ['contact'],
      },
    ]);

    // when
    const { data, record } = decided(decide(emergency({ consents: [deny] })));

    // then
    expect(data).toMatchObject({ phone: '+447700900123' });
    expect(disclosedAt(record, '/phone').basis).toMatchObject({
      kind: 'break-glass',
      overriddenConsentIds: ['consent-deny'],
    });
  });

  it('given a break-glass older than its window, when deciding, then it widens nothing and the record says it expired', () => {
    // when
    const { data, record } = decided(
      decide(emergency({ breakGlass: { role: 'case-worker', reason, startedAt: '2025-12-02T08:59:59Z' } })),
    );

    // then
    expect(data).toEqual({ urgency: 'emergency' });
    expect(record.breakGlass).toMatchObject({ state: 'expired', expiresAt: '2025-12-02T09:59:59.000Z' });
    expect(record.withheld.every((w) => w.basis.kind !== 'break-glass')).toBe(true);
  });

  it('given a break-glass that ends exactly at the decision time, when deciding, then it has expired', () => {
    // when
    const { record } = decided(
      decide(emergency({ breakGlass: { role: 'case-worker', reason, startedAt: '2025-12-02T09:00:00Z' } })),
    );

    // then
    expect(record.breakGlass?.state).toBe('expired');
  });
});

describe('decide: narrative scrub', () => {
  const narrative =
    'Ana, who also goes by Roxy, gave +44 7700-900 123 and ana.p@example.org; her passport no. X1234567 is held by him.';
  const event = eventWith({
    givenName: 'Ana',
    aliases: ['Roxy'],
    phone: '+447700900123',
    urgency: 'urgent',
    narrative,
  });

  it('given a recipient that may not see identity or contact, when deciding, then the narrative is scrubbed and recorded as scrub', () => {
    // given
    const policy = sectorRules('ngo', { narrative: ALLOW, operational: ALLOW });

    // when
    const { data, record } = decided(decide(input({ policy, event })));

    // then
    expect(data).toEqual({
      urgency: 'urgent',
      narrative:
        '[name], who also goes by [name], gave [phone] and [email]; her passport no. [document] is held by him.',
    });
    expect(withheldAt(record, '/narrative')).toMatchObject({
      transformation: 'scrub',
      reason: 'narrative-scrubbed',
      scrubbed: { '[name]': 2, '[phone]': 1, '[email]': 1, '[document]': 1 },
    });
  });

  it('given a recipient that sees identity and contact, when deciding, then the narrative is delivered as written', () => {
    // given
    const policy = sectorRules('ngo', {
      narrative: ALLOW,
      identity: ALLOW,
      contact: ALLOW,
      operational: ALLOW,
    });

    // when
    const { data, record } = decided(decide(input({ policy, event })));

    // then
    expect((data as { narrative: string }).narrative).toBe(narrative);
    expect(disclosedAt(record, '/narrative').category).toBe('narrative');
  });

  it('given a recipient that sees identity but not contact, when deciding, then contact details are scrubbed and names kept', () => {
    // given
    const policy = sectorRules('ngo', { narrative: ALLOW, identity: ALLOW });

    // when
    const { data } = decided(decide(input({ policy, event })));

    // then
    expect((data as { narrative: string }).narrative).toBe(
      'Ana, who also goes by Roxy, gave [phone] and [email]; her passport no. [document] is held by him.',
    );
  });

  it('given the subject id written into a narrative, when the recipient may not see identity, then it is scrubbed too', () => {
    // given
    const policy = sectorRules('ngo', { narrative: ALLOW });

    // when
    const { data } = decided(
      decide(input({ policy, event: eventWith({ narrative: `See case ${SUBJECT}.` }) })),
    );

    // then
    expect(data).toEqual({ narrative: 'See case [identifier].' });
  });
});

describe('decide: hashing per recipient', () => {
  const policy = policyOf({
    ngo: { rules: { identity: { action: { type: 'hash' } } } },
    'health-care': { rules: { identity: { action: { type: 'hash' } } } },
  });

  it('given two recipients, when hashing the same value, then their hashes differ', () => {
    // when
    const ngo = decided(decide(input({ policy })));
    const hospital = decided(
      decide(input({ policy, recipient: { partnerId: 'st-mary-hospital', sector: 'health-care' } })),
    );

    // then
    expect((ngo.data as { givenName: string }).givenName).not.toBe(
      (hospital.data as { givenName: string }).givenName,
    );
    expect(ngo.envelope.subject).not.toBe(hospital.envelope.subject);
  });

  it('given one recipient, when hashing the same value in two events, then the hash is the same', () => {
    // when
    const first = decided(decide(input({ policy })));
    const second = decided(
      decide(input({ policy, event: { ...eventWith({ givenName: 'Ana' }), id: 'event-2' } })),
    );

    // then
    expect(first.data).toEqual(second.data);
    expect(first.envelope.subject).toMatch(/^hmac:/);
    expect(first.envelope.subject).toBe(second.envelope.subject);
  });
});

describe('decide: the decision record', () => {
  it('given a decision, then the record names the event, recipient, purpose, policy id and version', () => {
    // given
    const result = compilePolicy(
      { policyId: 'p-1', title: 't', sectors: { ngo: { rules: { operational: ALLOW } } }, routing: [] },
      { fileSha256: 'ab'.repeat(32) },
    );
    if (!result.ok) throw new Error('invalid');

    // when
    const { record } = decided(decide(input({ policy: result.policy })));

    // then
    expect(record).toMatchObject({
      eventId: 'event-1',
      eventType: 'org.beacon.alert.raised.v2',
      subjectId: SUBJECT,
      recipient: NGO,
      purpose: 'care-coordination',
      decisionTime: NOW,
      policy: { id: 'p-1', version: result.policy.version, fileSha256: 'ab'.repeat(32) },
      breakGlass: null,
      envelopeSubject: 'drop',
    });
    expect(record.policy.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('given an unreadable decision time, when deciding, then the decision is refused', () => {
    // when
    const refusal = refused(decide(input({ policy: sectorRules('ngo', {}), decisionTime: 'now-ish' })));

    // then
    expect(refusal.code).toBe('invalid-decision-time');
  });

  it('given the same input twice, when deciding, then the results are equal (the engine is pure)', () => {
    // given
    const policy = sectorRules('ngo', { identity: { action: { type: 'hash' } }, operational: ALLOW });
    const event = alertEvent();

    // when
    const a = decide(input({ policy, event, categories: ALERT_V2_CATEGORIES }));
    const b = decide(input({ policy, event, categories: ALERT_V2_CATEGORIES }));

    // then
    expect(a).toEqual(b);
    expect(event).toEqual(alertEvent());
  });
});

describe('decide: the shipped policy (config/policies/beacon-default.v1.json)', () => {
  const compiledResult = compilePolicy(beaconDefaultV1);
  if (!compiledResult.ok) throw new Error(JSON.stringify(compiledResult.errors));
  const shipped = compiledResult.policy;
  const alert = (recipient: Recipient, purpose: DecideInput['purpose'], consents: Consent[] = []) =>
    decided(
      decide({
        event: alertEvent(),
        categories: ALERT_V2_CATEGORIES,
        recipient,
        policy: shipped,
        consents,
        purpose,
        decisionTime: '2025-12-02T04:00:00Z',
        hashKeys,
      }),
    );
  const serialised = (data: unknown): string => JSON.stringify(data);

  it('given an alert, when a school receives it without consent, then it sees only operational fields', () => {
    // when
    const { data, record } = alert(SCHOOL, 'care-coordination');

    // then
    const categories = new Set(record.disclosed.map((d) => d.category));
    expect([...categories]).toEqual(['operational']);
    expect(serialised(data)).not.toMatch(/Ana|Popescu|Roxy|RO4471902|visa-holder|sexual|Kingsbridge/);
  });

  it('given an alert, when police receive it for investigation without consent, then they see the crime and the place but not the person', () => {
    // when
    const { data, record } = alert(POLICE, 'investigation');

    // then
    const text = serialised(data);
    expect(text).toContain('Flat 3, 41 Canal Street');
    expect(text).toContain('document-confiscation');
    expect(text).not.toMatch(/"Ana"|Popescu|Roxy|RO4471902|\+40721555012|visa-holder/);
    expect(withheldAt(record, '/subject/givenName').transformation).toBe('hash');
    expect(withheldAt(record, '/subject/immigrationStatus').reason).toBe('consent-required');
  });

  it('given the subject consents to police for investigation, when police receive the alert, then they see who it is', () => {
    // given
    const consent = consentOf('consent-police', SUBJECT_ID, [
      {
        type: 'permit',
        grantee: { kind: 'sector', sector: 'law-enforcement' },
        purposes: ['investigation'],
        categories: ['identity', 'contact'],
      },
    ]);

    // when
    const { data, record } = alert(POLICE, 'investigation', [consent]);

    // then
    expect(data).toMatchObject({ subject: { givenName: 'Ana', phoneNumbers: ['+40721555012'] } });
    expect(record.consentIds).toEqual(['consent-police']);
    expect(serialised(data)).not.toContain('visa-holder');
  });

  it('given an alert, when an NGO receives it for safety planning, then it sees risks and area but no identity or precise place', () => {
    // when
    const { data } = alert(NGO, 'safety-planning');

    // then
    const text = serialised(data);
    expect(text).toContain('exploiterPresent');
    expect(text).toContain('Kingsbridge');
    expect(text).not.toMatch(/Ana|Popescu|Roxy|Canal Street|51\.50722|hmac:/);
  });
});
