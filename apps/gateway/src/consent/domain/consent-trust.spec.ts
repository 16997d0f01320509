import type { Principal } from '@beacon/auth';
import { loadExamples, type ConsentGrantedV1Data } from '@beacon/contracts';
import {
  consentVolumeFlag,
  decideConfirmation,
  decideGrant,
  missingEvidence,
  widensOwnAccess,
  type ConfirmableConsent,
} from './consent-trust';

const ngoWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
};
const ngoSupervisor: Principal = { ...ngoWorker, subject: 'supervisor:2', roles: ['supervisor'] };

/** The adult's consent (grantees: sector ngo and sector health-care; a deny for ngo research). */
function adultConsent(): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'adult-permits-ngo-and-health-care-denies-research');
  return structuredClone(example?.payload as ConsentGrantedV1Data);
}

function onlyGrantee(
  data: ConsentGrantedV1Data,
  grantee: ConsentGrantedV1Data['provisions'][number]['grantee'],
) {
  return {
    ...data,
    provisions: data.provisions.filter((p) => p.type === 'permit').map((p) => ({ ...p, grantee })),
  };
}

describe('decideGrant', () => {
  it('given an organisation that never sent nor received anything about the subject, when it records a consent, then it is refused for want of a relationship', () => {
    // given
    const data = onlyGrantee(adultConsent(), { kind: 'sector', sector: 'health-care' });

    // when
    const decision = decideGrant(data, ngoWorker, []);

    // then
    expect(decision).toEqual({
      ok: false,
      refusal: { kind: 'no-relationship', partnerId: 'safe-harbour', subjectId: data.subjectId },
    });
  });

  it('given an organisation that received an event about the subject, when it records a consent for another sector, then it is in force at once', () => {
    // given
    const data = onlyGrantee(adultConsent(), { kind: 'sector', sector: 'health-care' });

    // when
    const decision = decideGrant(data, ngoWorker, ['received']);

    // then
    expect(decision).toEqual({ ok: true, needsConfirmation: false });
  });

  it('given an organisation that originated an event about the subject, when it records a consent for its own sector, then it needs confirmation', () => {
    // given
    const data = adultConsent();

    // when
    const decision = decideGrant(data, ngoWorker, ['originated']);

    // then
    expect(decision).toEqual({ ok: true, needsConfirmation: true });
  });
});

describe('widensOwnAccess', () => {
  it('given a permit to the recorder’s own partner, then it widens', () => {
    expect(
      widensOwnAccess(onlyGrantee(adultConsent(), { kind: 'partner', partnerId: 'safe-harbour' }), ngoWorker),
    ).toBe(true);
  });

  it('given a permit to the recorder’s sector, then it widens', () => {
    expect(widensOwnAccess(onlyGrantee(adultConsent(), { kind: 'sector', sector: 'ngo' }), ngoWorker)).toBe(
      true,
    );
  });

  it('given only another partner of the same sector, or another sector, then it does not', () => {
    expect(
      widensOwnAccess(onlyGrantee(adultConsent(), { kind: 'partner', partnerId: 'other-ngo' }), ngoWorker),
    ).toBe(false);
    expect(
      widensOwnAccess(onlyGrantee(adultConsent(), { kind: 'sector', sector: 'health-care' }), ngoWorker),
    ).toBe(false);
  });

  it('given only a deny for the recorder’s own sector, then it narrows and does not widen', () => {
    // given
    const data = adultConsent();
    data.provisions = data.provisions.filter((p) => p.type === 'deny');

    // then
    expect(widensOwnAccess(data, ngoWorker)).toBe(false);
  });
});

describe('missingEvidence', () => {
  it('given a body without evidence, then /evidence is named with what to send', () => {
    // given
    const { evidence: _evidence, ...body } = adultConsent();

    // then
    expect(missingEvidence(body)).toEqual([
      { pointer: '/evidence', message: expect.stringContaining('signed-form') },
    ]);
  });

  it('given a body with evidence, or no object at all (the schema names that), then nothing is added', () => {
    expect(missingEvidence(adultConsent())).toEqual([]);
    expect(missingEvidence('nope')).toEqual([]);
  });
});

describe('consentVolumeFlag', () => {
  const rule = { threshold: 20, windowMs: 3600_000 };

  it('given a person at the threshold, then no flag', () => {
    expect(consentVolumeFlag(20, rule)).toBeUndefined();
  });

  it('given a person past the threshold, then a flag that says how many within how long', () => {
    expect(consentVolumeFlag(21, rule)).toEqual({
      code: 'consent-volume',
      reason: '21 consents recorded by this person within 60 minutes (more than 20)',
    });
  });
});

describe('decideConfirmation', () => {
  const pending: ConfirmableConsent = {
    status: 'pending',
    requiresConfirmation: true,
    recordedBy: { subject: 'worker:7' },
  };

  it('given a pending consent, when another supervisor of the organisation confirms, then it may', () => {
    expect(decideConfirmation(pending, ngoSupervisor)).toEqual({ ok: true });
  });

  it('given a pending consent, when the person who recorded it confirms it, then it is refused', () => {
    // given: the recorder also holds the supervisor role
    const recorder = { ...ngoSupervisor, subject: 'worker:7' };

    // then
    expect(decideConfirmation(pending, recorder)).toEqual({ ok: false, refusal: { kind: 'own-consent' } });
  });

  it('given a consent that needed no confirmation, a confirmed one, or a revoked one, then it is refused with why', () => {
    expect(
      decideConfirmation({ ...pending, status: 'active', requiresConfirmation: false }, ngoSupervisor),
    ).toEqual({
      ok: false,
      refusal: { kind: 'needs-no-confirmation' },
    });
    expect(
      decideConfirmation(
        { ...pending, status: 'active', confirmedAt: '2026-12-01T10:00:00.000Z' },
        ngoSupervisor,
      ),
    ).toEqual({ ok: false, refusal: { kind: 'already-confirmed', confirmedAt: '2026-12-01T10:00:00.000Z' } });
    expect(decideConfirmation({ ...pending, status: 'revoked' }, ngoSupervisor)).toEqual({
      ok: false,
      refusal: { kind: 'revoked' },
    });
  });
});
