import type { Principal } from '@beacon/auth';
import { loadExamples, type ConsentGrantedV1Data, type ConsentRevokedV1Data } from '@beacon/contracts';
import {
  applyConfirmation,
  applyRevocation,
  decideRevocation,
  grantConsent,
  granteeKey,
  granteesOf,
  granteeStatuses,
  readRevokeRequest,
  recordedByMismatches,
  revokedData,
  type Consent,
} from './consent';

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
  name: 'Kwame Mensah',
  tokenId: 'jti-1',
};

/** The adult's consent from schemas/examples (grantees: sector ngo, sector health-care), recorded by safe-harbour. */
function adultConsentData(): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'adult-permits-ngo-and-health-care-denies-research')
    ?.payload as ConsentGrantedV1Data;
  return {
    ...structuredClone(example),
    recordedBy: {
      organisation: { partnerId: 'safe-harbour', name: 'Safe Harbour Shelter', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
    },
  };
}

function activeConsent(): Consent {
  return grantConsent(adultConsentData(), caseWorker, '2025-03-15T10:00:00.000Z');
}

function revocation(
  consent: Consent,
  request: { grantee?: unknown; reason: string },
  at = '2025-06-02T12:00:00.000Z',
): ConsentRevokedV1Data {
  return revokedData(consent, request, caseWorker, at) as unknown as ConsentRevokedV1Data;
}

const healthCare = { kind: 'sector', sector: 'health-care' } as const;
const ngo = { kind: 'sector', sector: 'ngo' } as const;

describe('grantConsent', () => {
  it('given valid consent data, when granted, then the record is active, holds the data and names the token as recorder', () => {
    // given
    const data = adultConsentData();

    // when
    const consent = grantConsent(data, caseWorker, '2025-03-15T10:00:00.000Z');

    // then
    expect(consent).toEqual({
      consentId: data.consentId,
      subjectId: data.subjectId,
      data,
      recordedAt: '2025-03-15T10:00:00.000Z',
      recordedBy: { subject: 'worker:7', partnerId: 'safe-harbour', tokenId: 'jti-1' },
      status: 'active',
      requiresConfirmation: false,
      revocations: [],
    });
  });

  it('given a consent that needs confirmation, when granted, then it is pending, and once a supervisor confirms it, active and naming them', () => {
    // given
    const data = adultConsentData();
    const supervisor: Principal = {
      ...caseWorker,
      subject: 'supervisor:2',
      roles: ['supervisor'],
      tokenId: 'jti-9',
    };

    // when
    const pending = grantConsent(data, caseWorker, '2025-03-15T10:00:00.000Z', { needsConfirmation: true });
    const confirmed = applyConfirmation(pending, supervisor, '2025-03-15T11:00:00.000Z');

    // then
    expect(pending).toMatchObject({ status: 'pending', requiresConfirmation: true });
    expect(granteeStatuses(pending).map((g) => g.status)).toEqual(['pending', 'pending']);
    expect(confirmed).toMatchObject({
      status: 'active',
      confirmedAt: '2025-03-15T11:00:00.000Z',
      confirmedBy: { subject: 'supervisor:2', partnerId: 'safe-harbour', tokenId: 'jti-9' },
      data: { confirmedBy: { workerId: 'supervisor:2', confirmedAt: '2025-03-15T11:00:00.000Z' } },
    });
  });

  it('given upper-case ids, when granted, then record and data carry them in lower case, so the Kafka key is one', () => {
    // given
    const data = { ...adultConsentData(), subjectId: '0E7D6A3C-9F12-4B8E-8C55-3A9D2E6F1B04' };

    // when
    const consent = grantConsent(data, caseWorker, '2025-03-15T10:00:00.000Z');

    // then
    expect(consent.subjectId).toBe('0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04');
    expect(consent.data.subjectId).toBe('0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04');
  });
});

describe('recordedByMismatches', () => {
  it('given the caller’s own organisation, then there is nothing to object to', () => {
    expect(recordedByMismatches(adultConsentData(), caseWorker)).toEqual([]);
  });

  it('given no sector in the body, then only the partner is compared', () => {
    // given
    const data = adultConsentData();
    data.recordedBy.organisation = { partnerId: 'safe-harbour' };

    // then
    expect(recordedByMismatches(data, caseWorker)).toEqual([]);
  });

  it('given another partner and sector, when checked, then both are refused with their pointers', () => {
    // given
    const data = adultConsentData();
    data.recordedBy.organisation = { partnerId: 'metro-police', sector: 'law-enforcement' };

    // when
    const errors = recordedByMismatches(data, caseWorker);

    // then
    expect(errors.map((e) => e.pointer)).toEqual([
      '/recordedBy/organisation/partnerId',
      '/recordedBy/organisation/sector',
    ]);
    expect(errors[0].message).toContain('"safe-harbour"');
  });
});

describe('grantees', () => {
  it('given a grantee named by two provisions, then it is listed once, in first-seen order', () => {
    expect(granteesOf(adultConsentData()).map(granteeKey)).toEqual(['sector:ngo', 'sector:health-care']);
  });

  it('given a partner grantee and no grantee, then their keys differ from every sector key', () => {
    expect(granteeKey({ kind: 'partner', partnerId: 'safe-harbour' })).toBe('partner:safe-harbour');
    expect(granteeKey(undefined)).toBe('*');
  });
});

describe('readRevokeRequest', () => {
  it('given reason, grantee and notes, then it takes them as they are', () => {
    expect(readRevokeRequest({ reason: 'subject-request', grantee: healthCare, notes: 'n' })).toEqual({
      ok: true,
      request: { reason: 'subject-request', grantee: healthCare, notes: 'n' },
    });
  });

  it.each([[undefined], [null], [[]], ['subject-request']])(
    'given %p instead of an object, then it is refused at the root',
    (body) => {
      expect(readRevokeRequest(body)).toEqual({
        ok: false,
        errors: [{ pointer: '', message: expect.stringContaining('must be a JSON object') }],
      });
    },
  );

  it('given a field the API would ignore, then it is refused by name rather than dropped', () => {
    expect(readRevokeRequest({ reason: 'other', revokedAt: '2020-01-01T00:00:00Z', 'a/b': 1 })).toEqual({
      ok: false,
      errors: [
        { pointer: '/revokedAt', message: expect.stringContaining('no such field') },
        { pointer: '/a~1b', message: expect.stringContaining('no such field') },
      ],
    });
  });
});

describe('revokedData', () => {
  it('given a request, then ids come from the consent, time from the clock and recordedBy from the token', () => {
    // given
    const consent = activeConsent();

    // when
    const data = revokedData(
      consent,
      { reason: 'subject-request', grantee: healthCare, notes: 'no more hospital updates' },
      caseWorker,
      '2025-06-02T12:00:00.000Z',
    );

    // then
    expect(data).toEqual({
      consentId: consent.consentId,
      subjectId: consent.subjectId,
      revokedAt: '2025-06-02T12:00:00.000Z',
      grantee: healthCare,
      reason: 'subject-request',
      recordedBy: {
        organisation: { partnerId: 'safe-harbour', sector: 'ngo' },
        caseWorker: { workerId: 'worker:7', name: 'Kwame Mensah' },
      },
      notes: 'no more hospital updates',
    });
  });

  it('given an operator token without a name, then the sector is left out and the subject names the worker', () => {
    // given
    const operator: Principal = {
      subject: 'ops-1',
      partnerId: 'beacon',
      sector: 'beacon',
      roles: ['case-worker'],
    };

    // when
    const data = revokedData(activeConsent(), { reason: 'other' }, operator, '2025-06-02T12:00:00.000Z');

    // then
    expect(data.recordedBy).toEqual({
      organisation: { partnerId: 'beacon' },
      caseWorker: { workerId: 'ops-1', name: 'ops-1' },
    });
    expect(data).not.toHaveProperty('grantee');
    expect(data).not.toHaveProperty('notes');
  });
});

describe('revoking', () => {
  it('given an active consent, when one grantee is revoked, then the others stay in force and the consent stays active', () => {
    // given
    const consent = activeConsent();
    const data = revocation(consent, { grantee: healthCare, reason: 'subject-request' });

    // when
    const decision = decideRevocation(consent, data, caseWorker);
    if (!decision.ok) throw new Error('expected the revocation to be allowed');
    const after = applyRevocation(consent, decision.revocation);

    // then
    expect(decision.revocation).toEqual({
      grantee: healthCare,
      reason: 'subject-request',
      revokedAt: '2025-06-02T12:00:00.000Z',
      data,
      recordedBy: { subject: 'worker:7', partnerId: 'safe-harbour', tokenId: 'jti-1' },
    });
    expect(after.status).toBe('active');
    expect(after.revokedAt).toBeUndefined();
    expect(granteeStatuses(after)).toEqual([
      { grantee: ngo, status: 'active' },
      {
        grantee: healthCare,
        status: 'revoked',
        revokedAt: '2025-06-02T12:00:00.000Z',
        reason: 'subject-request',
      },
    ]);
  });

  it('given an active consent, when revoked without a grantee, then nothing stays in force', () => {
    // given
    const consent = activeConsent();

    // when
    const decision = decideRevocation(
      consent,
      revocation(consent, { reason: 'recorded-in-error' }),
      caseWorker,
    );
    if (!decision.ok) throw new Error('expected the revocation to be allowed');
    const after = applyRevocation(consent, decision.revocation);

    // then
    expect(after.status).toBe('revoked');
    expect(after.revokedAt).toBe('2025-06-02T12:00:00.000Z');
    expect(granteeStatuses(after).map((g) => g.status)).toEqual(['revoked', 'revoked']);
  });

  it('given one grantee left in force, when it is revoked too, then the consent becomes revoked', () => {
    // given
    const first = activeConsent();
    const partial = decideRevocation(
      first,
      revocation(first, { grantee: healthCare, reason: 'other' }),
      caseWorker,
    );
    if (!partial.ok) throw new Error('expected the first revocation to be allowed');
    const consent = applyRevocation(first, partial.revocation);

    // when
    const last = decideRevocation(
      consent,
      revocation(consent, { grantee: ngo, reason: 'other' }, '2025-07-01T00:00:00.000Z'),
      caseWorker,
    );
    if (!last.ok) throw new Error('expected the second revocation to be allowed');
    const after = applyRevocation(consent, last.revocation);

    // then
    expect(after.status).toBe('revoked');
    expect(after.revokedAt).toBe('2025-07-01T00:00:00.000Z');
  });

  it('given a consent with a grantee revoked, when the whole consent is revoked, then that is allowed', () => {
    // given
    const first = activeConsent();
    const partial = decideRevocation(
      first,
      revocation(first, { grantee: healthCare, reason: 'other' }),
      caseWorker,
    );
    if (!partial.ok) throw new Error('expected the first revocation to be allowed');
    const consent = applyRevocation(first, partial.revocation);

    // when
    const decision = decideRevocation(
      consent,
      revocation(consent, { reason: 'subject-request' }),
      caseWorker,
    );

    // then
    expect(decision.ok).toBe(true);
  });

  it('given a revoked consent, when revoked again, wholly or for a grantee, then it is refused as already revoked', () => {
    // given
    const first = activeConsent();
    const whole = decideRevocation(first, revocation(first, { reason: 'other' }), caseWorker);
    if (!whole.ok) throw new Error('expected the first revocation to be allowed');
    const consent = applyRevocation(first, whole.revocation);

    // when
    const again = decideRevocation(consent, revocation(consent, { reason: 'other' }), caseWorker);
    const forGrantee = decideRevocation(
      consent,
      revocation(consent, { grantee: ngo, reason: 'other' }),
      caseWorker,
    );

    // then
    expect(again).toEqual({
      ok: false,
      refusal: { kind: 'already-revoked', revokedAt: '2025-06-02T12:00:00.000Z' },
    });
    expect(forGrantee).toEqual(again);
  });

  it('given a grantee already revoked, when revoked again, then it is refused for that grantee', () => {
    // given
    const first = activeConsent();
    const partial = decideRevocation(
      first,
      revocation(first, { grantee: healthCare, reason: 'other' }),
      caseWorker,
    );
    if (!partial.ok) throw new Error('expected the first revocation to be allowed');
    const consent = applyRevocation(first, partial.revocation);

    // when
    const decision = decideRevocation(
      consent,
      revocation(consent, { grantee: healthCare, reason: 'other' }),
      caseWorker,
    );

    // then
    expect(decision).toEqual({
      ok: false,
      refusal: {
        kind: 'grantee-already-revoked',
        grantee: healthCare,
        revokedAt: '2025-06-02T12:00:00.000Z',
      },
    });
  });

  it('given a grantee the consent does not name, when revoked, then it is refused and the known grantees listed', () => {
    // given
    const consent = activeConsent();
    const police = { kind: 'sector', sector: 'law-enforcement' } as const;

    // when
    const decision = decideRevocation(
      consent,
      revocation(consent, { grantee: police, reason: 'other' }),
      caseWorker,
    );

    // then
    expect(decision).toEqual({
      ok: false,
      refusal: { kind: 'unknown-grantee', grantee: police, known: [ngo, healthCare] },
    });
  });
});
