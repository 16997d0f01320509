import type { Principal } from '@beacon/auth';
import { loadExamples, SchemaRegistry, type ConsentGrantedV1Data } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';
import { grantConsent, type Consent } from '../../domain/consent';
import type { ConsentStore, RevocationPlan } from '../../ports/consent-store.port';
import { RevokeConsentCommand } from './revoke-consent.command';
import { RevokeConsentHandler } from './revoke-consent.handler';

/** The port in memory: a plan that writes replaces the consent and appends its event, together. */
class InMemoryConsentStore implements Pick<ConsentStore, 'revoke'> {
  readonly consents = new Map<string, Consent>();
  readonly outbox: NewOutboxMessage[] = [];

  async revoke<R>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => RevocationPlan<R>,
  ): Promise<R | undefined> {
    const consent = this.consents.get(consentId);
    if (consent === undefined || consent.recordedBy.partnerId !== partnerId) return undefined;
    const step = plan(consent);
    if (step.write) {
      this.consents.set(consentId, step.next);
      this.outbox.push(step.event);
    }
    return step.result;
  }
}

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
  name: 'Kwame Mensah',
};

/** The adult's consent from schemas/examples (grantees: sector ngo, sector health-care), recorded by safe-harbour. */
function recordedConsent(): Consent {
  const example = loadExamples().find((e) => e.name === 'adult-permits-ngo-and-health-care-denies-research')
    ?.payload as ConsentGrantedV1Data;
  const data = {
    ...structuredClone(example),
    recordedBy: { organisation: { partnerId: 'safe-harbour' }, caseWorker: { workerId: 'w', name: 'Kwame' } },
  };
  return grantConsent(data, caseWorker, '2025-03-15T10:00:00.000Z');
}

describe('RevokeConsentHandler', () => {
  let store: InMemoryConsentStore;
  let handler: RevokeConsentHandler;
  let consent: Consent;

  beforeEach(() => {
    store = new InMemoryConsentStore();
    consent = recordedConsent();
    store.consents.set(consent.consentId, consent);
    handler = new RevokeConsentHandler(store as unknown as ConsentStore, SchemaRegistry.load());
  });

  it('given an active consent, when one grantee is revoked, then the others stay in force and a revoked event is written', async () => {
    // when
    const result = await handler.execute(
      new RevokeConsentCommand(caseWorker, consent.consentId.toUpperCase(), {
        grantee: { kind: 'sector', sector: 'health-care' },
        reason: 'subject-request',
      }),
    );

    // then
    if (result.kind !== 'revoked') throw new Error(`expected revoked, got ${JSON.stringify(result)}`);
    expect(result.consent.status).toBe('active');
    expect(result.consent.grantees.map((g) => [g.grantee, g.status])).toEqual([
      [{ kind: 'sector', sector: 'ngo' }, 'active'],
      [{ kind: 'sector', sector: 'health-care' }, 'revoked'],
    ]);
    expect(store.outbox).toEqual([
      expect.objectContaining({
        eventId: result.eventId,
        key: consent.subjectId,
        type: 'org.beacon.consent.revoked.v1',
        payload: expect.objectContaining({
          consentId: consent.consentId,
          grantee: { kind: 'sector', sector: 'health-care' },
          recordedBy: {
            organisation: { partnerId: 'safe-harbour', sector: 'ngo' },
            caseWorker: { workerId: 'worker:7', name: 'Kwame Mensah' },
          },
        }),
      }),
    ]);
  });

  it('given a fully revoked consent, when revoked again, then it is refused as already revoked and nothing is written', async () => {
    // given
    await handler.execute(new RevokeConsentCommand(caseWorker, consent.consentId, { reason: 'other' }));

    // when
    const result = await handler.execute(
      new RevokeConsentCommand(caseWorker, consent.consentId, { reason: 'other' }),
    );

    // then
    expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'already-revoked' } });
    expect(store.outbox).toHaveLength(1);
  });

  it('given a grantee the consent does not name, when revoked, then the body is invalid at /grantee', async () => {
    // when
    const result = await handler.execute(
      new RevokeConsentCommand(caseWorker, consent.consentId, {
        grantee: { kind: 'partner', partnerId: 'metro-police' },
        reason: 'other',
      }),
    );

    // then
    expect(result).toEqual({
      kind: 'invalid',
      errors: [{ pointer: '/grantee', message: expect.stringContaining('sector:ngo, sector:health-care') }],
    });
    expect(store.outbox).toEqual([]);
  });

  it('given a reason the schema does not know, when revoked, then the pointer names it and nothing is written', async () => {
    // when
    const result = await handler.execute(
      new RevokeConsentCommand(caseWorker, consent.consentId, { reason: 'bored' }),
    );

    // then
    expect(result).toEqual({
      kind: 'invalid',
      errors: [{ pointer: '/reason', message: expect.stringContaining('must be one of') }],
    });
    expect(store.outbox).toEqual([]);
  });

  it('given an unknown consent id, or one another organisation recorded, then it is not found', async () => {
    // given
    const otherPartner: Principal = { ...caseWorker, partnerId: 'metro-police', sector: 'law-enforcement' };

    // when
    const unknown = await handler.execute(
      new RevokeConsentCommand(caseWorker, '00000000-0000-4000-8000-000000000000', { reason: 'other' }),
    );
    const foreign = await handler.execute(
      new RevokeConsentCommand(otherPartner, consent.consentId, { reason: 'other' }),
    );

    // then
    expect(unknown).toEqual({ kind: 'not-found', consentId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign).toEqual({ kind: 'not-found', consentId: consent.consentId });
  });
});
