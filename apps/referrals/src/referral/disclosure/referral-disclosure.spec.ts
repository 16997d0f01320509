/**
 * The referral answers are decided by the sector policy, as deliveries are:
 * given / when / then on the shipped policy file, then a property over
 * generated referrals, callers and consents: the view never carries the
 * subject id in a form the caller's own referral delivery would not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadExamples, SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  compilePolicyFile,
  decide,
  hashKeysFromSecret,
  PURPOSES,
  SECTORS,
  type Consent,
  type ConsentProvision,
  type Sector,
} from '@beacon/policy';
import type { StoredHistoryEntry, StoredReferral } from '../ports/referral-queries.port';
import { referralView, transitionView, type ReferralDetailView } from '../referral-view';
import { ReferralDisclosure } from './referral-disclosure';

const POLICY_FILE = join(__dirname, '../../../../../config/policies/beacon-default.v1.json');
const policy = compilePolicyFile(readFileSync(POLICY_FILE, 'utf8'), POLICY_FILE);
const hashKeys = hashKeysFromSecret('a-test-secret-of-at-least-thirty-two-characters');
const disclosure = ReferralDisclosure.forPolicy(policy, hashKeys);
const NOW = new Date('2025-03-16T09:00:00Z');

const REFERRAL_CREATED = 'org.beacon.referral.created.v1';
const registry = SchemaRegistry.load();
const EXAMPLE = loadExamples().find(
  (e) => e.type === REFERRAL_CREATED && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
)?.payload as ReferralCreatedV1Data;

const SUBJECT = '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04';
const KWAME = { workerId: 'sh-1', name: 'Kwame Mensah', workPhone: '+447700900111' };

function stored(overrides: Partial<StoredReferral> = {}): StoredReferral {
  return {
    referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
    subjectId: SUBJECT,
    originator: { partnerId: 'metro-police', sector: 'law-enforcement' },
    receiver: { partnerId: 'safe-harbour', sector: 'ngo' },
    status: 'accepted',
    urgency: 'urgent',
    assignedWorker: KWAME,
    possibleDuplicate: false,
    possibleDuplicateOf: [],
    createdAt: new Date('2025-03-15T10:00:00Z'),
    receivedAt: new Date('2025-03-15T10:00:05Z'),
    updatedAt: new Date('2025-03-15T10:00:05Z'),
    position: {
      receivedAt: '2025-03-15T10:00:05.000000Z',
      referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
    },
    ...overrides,
  };
}

const ACCEPTED: StoredHistoryEntry = {
  eventType: 'ReferralAccepted',
  fromStatus: 'delivered',
  toStatus: 'accepted',
  actorPartnerId: 'safe-harbour',
  event: { type: 'ReferralAccepted', actor: { partnerId: 'safe-harbour', caseWorker: KWAME } },
  occurredAt: new Date('2025-03-15T11:00:00Z'),
};

function detail(referral: StoredReferral, partnerId: string): ReferralDetailView {
  return { ...referralView(referral, partnerId, {}), history: [ACCEPTED].map(transitionView) };
}

function consentFor(
  grantee: ConsentProvision['grantee'],
  overrides: Partial<ConsentProvision> = {},
  consent: Partial<Consent> = {},
): Consent {
  return {
    consentId: 'c0000000-0000-4000-8000-000000000001',
    subjectId: SUBJECT,
    status: 'active',
    provisions: [
      {
        type: 'permit',
        grantee,
        purposes: ['care-coordination'],
        categories: ['identity'],
        ...overrides,
      },
    ],
    ...consent,
  };
}

/** What the caller's own delivery of the referral carries at /subject/subjectId (undefined: not at all). */
function deliveredSubjectId(
  subjectId: string,
  caller: { partnerId: string; sector: Sector },
  consents: readonly Consent[],
): unknown {
  const decision = decide({
    event: {
      id: 'e0000000-0000-4000-8000-000000000001',
      type: REFERRAL_CREATED,
      subject: subjectId,
      data: { ...EXAMPLE, subject: { ...EXAMPLE.subject, subjectId } },
    },
    categories: registry.categoryMap(REFERRAL_CREATED),
    recipient: caller,
    policy,
    consents,
    purpose: 'care-coordination',
    decisionTime: NOW.toISOString(),
    hashKeys,
  });
  if (decision.outcome !== 'decided') throw new Error(decision.refusal.message);
  return (decision.data as { subject?: { subjectId?: unknown } }).subject?.subjectId;
}

/** Whether `part` is `whole` with some leaves (and the containers they left empty) taken out. */
function isPartOf(part: unknown, whole: unknown): boolean {
  if (Array.isArray(part))
    return Array.isArray(whole) && part.every((item) => whole.some((candidate) => isPartOf(item, candidate)));
  if (part !== null && typeof part === 'object') {
    if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
    return Object.entries(part).every(
      ([key, value]) => key in whole && isPartOf(value, (whole as Record<string, unknown>)[key]),
    );
  }
  return part === whole;
}

describe('referral answers, decided by the sector policy', () => {
  it('given an NGO receiver without the subject’s consent, when it reads the referral, then the subject id is absent and the workflow facts and case workers are as stored', () => {
    // when
    const view = disclosure.disclose(
      detail(stored(), 'safe-harbour'),
      { partnerId: 'safe-harbour', sector: 'ngo' },
      [],
      NOW,
    );

    // then
    expect(view).not.toHaveProperty('subjectId');
    expect(JSON.stringify(view)).not.toContain(SUBJECT);
    expect(view).toMatchObject({
      referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
      direction: 'incoming',
      status: 'accepted',
      assignedWorker: KWAME,
      originator: { partnerId: 'metro-police', sector: 'law-enforcement' },
    });
    expect(view.history?.[0]?.by).toEqual({ partnerId: 'safe-harbour', caseWorker: KWAME });
  });

  it('given the police originator without consent, when it reads the referral, then the subject id is the per-recipient hash its own deliveries carry', () => {
    // given
    const police = { partnerId: 'metro-police', sector: 'law-enforcement' as const };

    // when
    const view = disclosure.disclose(detail(stored(), 'metro-police'), police, [], NOW);

    // then
    expect(view.subjectId).toMatch(/^hmac:/);
    expect(view.subjectId).toBe(deliveredSubjectId(SUBJECT, police, []));
    const otherPolice = disclosure.disclose(
      detail(stored(), 'metro-police'),
      { partnerId: 'county-police', sector: 'law-enforcement' },
      [],
      NOW,
    );
    expect(otherPolice.subjectId).not.toBe(view.subjectId);
  });

  it('given the subject consented to the NGO seeing identity for care coordination, then the NGO reads the subject id in clear; once revoked, not any more', () => {
    // given
    const ngo = { partnerId: 'safe-harbour', sector: 'ngo' as const };
    const consent = consentFor({ kind: 'sector', sector: 'ngo' });
    const revoked = { ...consent, status: 'revoked' as const, revokedAt: '2025-03-16T08:00:00Z' };

    // when
    const withConsent = disclosure.disclose(detail(stored(), 'safe-harbour'), ngo, [consent], NOW);
    const afterRevocation = disclosure.disclose(detail(stored(), 'safe-harbour'), ngo, [revoked], NOW);

    // then
    expect(withConsent.subjectId).toBe(SUBJECT);
    expect(afterRevocation).not.toHaveProperty('subjectId');
  });

  it('given a consent for another partner or another subject, then it widens nothing', () => {
    // given
    const ngo = { partnerId: 'safe-harbour', sector: 'ngo' as const };
    const otherPartner = consentFor({ kind: 'partner', partnerId: 'another-shelter' });
    const otherSubject = consentFor(
      { kind: 'sector', sector: 'ngo' },
      {},
      { subjectId: 'f0000000-0000-4000-8000-000000000009' },
    );

    // when
    const view = disclosure.disclose(
      detail(stored(), 'safe-harbour'),
      ngo,
      [otherPartner, otherSubject],
      NOW,
    );

    // then
    expect(view).not.toHaveProperty('subjectId');
  });

  it('given a view field the schema does not name, or a caller of a sector the policy does not know, then it is withheld (fail closed)', () => {
    // given
    const extra = { ...detail(stored(), 'safe-harbour'), note: 'Florin housed at 12 Elm St' };

    // when
    const view = disclosure.disclose(extra, { partnerId: 'safe-harbour', sector: 'ngo' }, [], NOW);
    const operator = disclosure.disclose(
      detail(stored(), 'beacon'),
      { partnerId: 'beacon', sector: 'beacon' },
      [],
      NOW,
    );

    // then
    expect(view).not.toHaveProperty('note');
    // Every category is denied to a sector the policy does not know; an empty list tells nothing.
    expect(operator).toEqual({ possibleDuplicateOf: [] });
  });

  it('given any referral, caller and consents, then the view carries the subject id exactly as that caller’s own delivery of the referral would, and never in clear otherwise', () => {
    const partner = fc.constantFrom(
      'metro-police',
      'safe-harbour',
      'st-marys',
      'northside-school',
      'city-social',
    );
    const grantee = fc.oneof(
      fc.record({ kind: fc.constant('sector' as const), sector: fc.constantFrom(...SECTORS) }),
      fc.record({ kind: fc.constant('partner' as const), partnerId: partner }),
    );
    const provision = fc.record({
      type: fc.constantFrom('permit' as const, 'deny' as const),
      grantee,
      purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
      categories: fc.subarray(['identity', 'contact', 'operational', 'health'] as const, { minLength: 1 }),
    });
    const worker = fc.record({
      workerId: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
      name: fc.stringMatching(/^[A-Z][a-z]{2,10} [A-Z][a-z]{2,10}$/),
    });
    const history = fc.array(
      fc.record({
        eventType: fc.constantFrom('ReferralAccepted', 'ReferralDeclined', 'ReferralReassigned'),
        fromStatus: fc.constantFrom('delivered', 'accepted'),
        toStatus: fc.constantFrom('accepted', 'declined'),
        worker,
        to: worker,
        note: fc.string({ maxLength: 20 }),
      }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(
        fc.uuid({ version: 4 }),
        partner,
        fc.constantFrom(...SECTORS),
        fc.array(fc.tuple(provision, fc.boolean()), { maxLength: 3 }),
        fc.option(worker, { nil: undefined }),
        history,
        (subjectId, partnerId, sector, provisions, assignedWorker, rows) => {
          // given
          const consents: Consent[] = provisions.map(([p, revoked], i) => ({
            consentId: `c0000000-0000-4000-8000-00000000000${i}`,
            subjectId,
            status: revoked ? 'revoked' : 'active',
            ...(revoked ? { revokedAt: '2025-01-01T00:00:00Z' } : {}),
            provisions: [p],
          }));
          const caller = { partnerId, sector };
          const referral = stored({
            subjectId,
            receiver: { partnerId, sector },
            ...(assignedWorker === undefined ? { assignedWorker: undefined } : { assignedWorker }),
          });
          const view = {
            ...referralView(referral, partnerId, {}),
            history: rows
              .map((row): StoredHistoryEntry => ({
                eventType: row.eventType,
                fromStatus: row.fromStatus,
                toStatus: row.toStatus,
                event: {
                  actor: { partnerId, caseWorker: row.worker },
                  to: row.to,
                  note: row.note,
                  subjectId,
                },
                occurredAt: NOW,
              }))
              .map(transitionView),
          };

          // when
          const decided = disclosure.disclose(view, caller, consents, NOW);

          // then
          const delivered = deliveredSubjectId(subjectId, caller, consents);
          expect(decided.subjectId).toBe(delivered);
          if (delivered !== subjectId) expect(JSON.stringify(decided)).not.toContain(subjectId);
          // Every other field is as it was, or withheld (a consent may deny even operational data).
          const { subjectId: _dropped, ...rest } = view;
          const { subjectId: _decided, ...decidedRest } = decided;
          expect(isPartOf(decidedRest, JSON.parse(JSON.stringify(rest)))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
