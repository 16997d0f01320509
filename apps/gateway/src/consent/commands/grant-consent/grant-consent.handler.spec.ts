import type { Principal } from '@beacon/auth';
import { loadExamples, SchemaRegistry, type ConsentGrantedV1Data } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';
import type { Consent } from '../../domain/consent';
import type { ConsentStore } from '../../ports/consent-store.port';
import { GrantConsentCommand } from './grant-consent.command';
import { GrantConsentHandler } from './grant-consent.handler';

/** The port in memory: a consent and its event are written together or not at all. */
class InMemoryConsentStore implements Pick<ConsentStore, 'recordGrant'> {
  readonly consents = new Map<string, Consent>();
  readonly outbox: NewOutboxMessage[] = [];

  async recordGrant(consent: Consent, event: NewOutboxMessage): Promise<boolean> {
    if (this.consents.has(consent.consentId)) return false;
    this.consents.set(consent.consentId, consent);
    this.outbox.push(event);
    return true;
  }
}

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
};

function consentBody(): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'guardian-consents-for-child-to-one-partner')
    ?.payload as ConsentGrantedV1Data;
  return {
    ...structuredClone(example),
    recordedBy: {
      organisation: { partnerId: 'safe-harbour', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
    },
  };
}

describe('GrantConsentHandler', () => {
  let store: InMemoryConsentStore;
  let handler: GrantConsentHandler;

  beforeEach(() => {
    store = new InMemoryConsentStore();
    handler = new GrantConsentHandler(store as unknown as ConsentStore, SchemaRegistry.load());
  });

  it('given a valid consent for the caller’s organisation, when recorded, then it is stored active with its granted event', async () => {
    // given
    const body = consentBody();

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body, 'flow-1'));

    // then
    if (result.kind !== 'recorded') throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
    expect(result.consent).toMatchObject({ consentId: body.consentId, status: 'active', consent: body });
    expect(store.consents.get(body.consentId)?.recordedBy).toEqual({
      subject: 'worker:7',
      partnerId: 'safe-harbour',
    });
    expect(store.outbox).toEqual([
      expect.objectContaining({
        eventId: result.eventId,
        key: body.subjectId,
        type: 'org.beacon.consent.granted.v1',
        headers: expect.objectContaining({ correlationid: 'flow-1', subject: body.subjectId }),
        payload: body,
      }),
    ]);
  });

  it('given data the schema refuses, when recorded, then every reason is returned with its pointer and nothing is written', async () => {
    // given
    const body = { ...consentBody(), method: 'telepathy', provisions: [] };

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    expect(result).toEqual({
      kind: 'invalid',
      errors: expect.arrayContaining([
        { pointer: '/method', message: expect.stringContaining('must be one of') },
        { pointer: '/provisions', message: 'must have at least one item' },
      ]),
    });
    expect(store.outbox).toEqual([]);
  });

  it('given a consent that names another organisation as recorder, when recorded, then it is refused and nothing is written', async () => {
    // given
    const body = consentBody();
    body.recordedBy.organisation = { partnerId: 'metro-police' };

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    expect(result).toEqual({
      kind: 'invalid',
      errors: [{ pointer: '/recordedBy/organisation/partnerId', message: expect.any(String) }],
    });
    expect(store.consents.size).toBe(0);
  });

  it('given a consent id already recorded, when recorded again, then it is a duplicate and no second event is written', async () => {
    // given
    const body = consentBody();
    await handler.execute(new GrantConsentCommand(caseWorker, body));

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    expect(result).toEqual({ kind: 'duplicate', consentId: body.consentId });
    expect(store.outbox).toHaveLength(1);
  });
});
