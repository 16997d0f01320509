/**
 * The check the end-to-end suites run on every gateway answer
 * (test/support/withheld-values.ts) must bite: given the shipped example
 * referral, an answer that carries what the policy withholds from its
 * caller fails it, and one that carries only what the caller may see passes.
 */
import { loadExamples, type ReferralCreatedV1Data } from '@beacon/contracts';
import type { Consent } from '@beacon/policy';
import { assertNoWithheldValues, isCheckedRoute, type KnownSubject } from '../support/withheld-values';

const EXAMPLE = loadExamples().find((e) => e.name === 'shelter-and-legal-advice-for-car-wash-worker')
  ?.payload as ReferralCreatedV1Data;
const SUBJECT_ID = EXAMPLE.subject.subjectId;
const subject: KnownSubject = { referral: EXAMPLE, consents: [] };
const SHELTER = { partnerId: 'safe-harbour', sector: 'ngo' };
const POLICE = { partnerId: 'metro-police', sector: 'law-enforcement' };

const ngoIdentityConsent: Consent = {
  consentId: 'c0000000-0000-4000-8000-000000000001',
  subjectId: SUBJECT_ID,
  status: 'active',
  provisions: [
    {
      type: 'permit',
      grantee: { kind: 'sector', sector: 'ngo' },
      purposes: ['care-coordination'],
      categories: ['identity'],
    },
  ],
};

describe('the withheld-values check of API answers', () => {
  it('given an NGO caller without consent, when an answer carries the subject id in clear, at any depth, then it fails', () => {
    expect(() =>
      assertNoWithheldValues(SHELTER, { referrals: [{ history: [{ note: `about ${SUBJECT_ID}` }] }] }, [
        subject,
      ]),
    ).toThrow(/withheld from safe-harbour \(ngo\) at \/subject\/subjectId \(identity\)/);
  });

  it('given a police caller, when an answer carries the subject’s name or phone number, then it fails; with the hash and workflow facts only, it passes', () => {
    const givenName = EXAMPLE.subject.givenName ?? '';
    const phone = EXAMPLE.subject.phoneNumbers?.[0] ?? '';
    expect(givenName.length).toBeGreaterThan(0);
    expect(() => assertNoWithheldValues(POLICE, { referral: { name: givenName } }, [subject])).toThrow(
      /withheld/,
    );
    expect(() => assertNoWithheldValues(POLICE, [phone], [subject])).toThrow(/withheld/);
    expect(() =>
      assertNoWithheldValues(
        POLICE,
        {
          referralId: EXAMPLE.referralId,
          subjectId: 'hmac:abc',
          status: 'accepted',
          assignedWorker: EXAMPLE.from.caseWorker,
        },
        [subject],
      ),
    ).not.toThrow();
  });

  it('given the subject consented to NGOs seeing their identity, then the subject id in clear passes for the NGO, and contact details still fail', () => {
    const consented: KnownSubject = { referral: EXAMPLE, consents: [ngoIdentityConsent] };
    expect(() => assertNoWithheldValues(SHELTER, { subjectId: SUBJECT_ID }, [consented])).not.toThrow();
    const phone = EXAMPLE.subject.phoneNumbers?.[0] ?? '';
    expect(() => assertNoWithheldValues(SHELTER, { phone }, [consented])).toThrow(/contact/);
  });

  it('given the routes, then the referral API and the inbox are checked, and the caller’s own consent records are not', () => {
    expect(isCheckedRoute('GET', '/v1/referrals')).toBe(true);
    expect(isCheckedRoute('POST', `/v1/referrals/${EXAMPLE.referralId}/accept`)).toBe(true);
    expect(isCheckedRoute('GET', '/v1/inbox?after=0')).toBe(true);
    expect(isCheckedRoute('POST', '/v1/consents')).toBe(false);
    expect(isCheckedRoute('GET', `/v1/subjects/${SUBJECT_ID}/consents`)).toBe(false);
  });
});
