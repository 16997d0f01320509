import { randomUUID } from 'node:crypto';
import type { Principal } from '@beacon/auth';
import { loadExamples, SchemaRegistry, type ConsentGrantedV1Data } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';
import type { PinoLogger } from 'nestjs-pino';
import type { ConsentSettings } from '../../consent-settings';
import type { Consent } from '../../domain/consent';
import type { RelationshipKind } from '../../domain/consent-trust';
import type { ConsentStore } from '../../ports/consent-store.port';
import type { SubjectRelationships } from '../../ports/subject-relationships.port';
import { GrantConsentCommand } from './grant-consent.command';
import { GrantConsentHandler } from './grant-consent.handler';

/** The port in memory: a consent and its event are written together or not at all. */
class InMemoryConsentStore implements Pick<ConsentStore, 'recordGrant' | 'countRecordedBy'> {
  readonly consents = new Map<string, Consent>();
  readonly outbox: NewOutboxMessage[] = [];

  async recordGrant(consent: Consent, event: NewOutboxMessage | undefined): Promise<boolean> {
    if (this.consents.has(consent.consentId)) return false;
    this.consents.set(consent.consentId, consent);
    if (event !== undefined) this.outbox.push(event);
    return true;
  }

  async countRecordedBy(partnerId: string, subject: string, since: Date): Promise<number> {
    return [...this.consents.values()].filter(
      (c) =>
        c.recordedBy.partnerId === partnerId &&
        c.recordedBy.subject === subject &&
        Date.parse(c.recordedAt) >= since.getTime(),
    ).length;
  }
}

/** Relationships in memory: `subject/partner` → kinds. */
class InMemoryRelationships implements SubjectRelationships {
  constructor(readonly known: Map<string, RelationshipKind[]> = new Map()) {}

  async kindsOf(subjectId: string, partnerId: string): Promise<RelationshipKind[]> {
    return this.known.get(`${subjectId}/${partnerId}`) ?? [];
  }
}

const quietLogger = {
  setContext: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as PinoLogger;
const settings: ConsentSettings = {
  relationshipSchema: 'redaction',
  volume: { threshold: 2, windowMs: 3600_000 },
};

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
};

function consentBody(): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'guardian-consents-for-child-to-one-partner')
    ?.payload as ConsentGrantedV1Data;
  const copy = structuredClone(example);
  // Granted to another organisation than the recorder's, so that it needs no second person.
  copy.provisions = copy.provisions.map((p) => ({
    ...p,
    grantee: { kind: 'partner', partnerId: 'st-mary-hospital' },
  }));
  return {
    ...copy,
    recordedBy: {
      organisation: { partnerId: 'safe-harbour', sector: 'ngo' },
      caseWorker: { workerId: 'sh-nav-12', name: 'Kwame Mensah' },
    },
  };
}

describe('GrantConsentHandler', () => {
  let store: InMemoryConsentStore;
  let handler: GrantConsentHandler;

  let relationships: InMemoryRelationships;

  beforeEach(() => {
    store = new InMemoryConsentStore();
    relationships = new InMemoryRelationships();
    const body = consentBody();
    relationships.known.set(`${body.subjectId}/${caseWorker.partnerId}`, ['received']);
    handler = new GrantConsentHandler(
      store as unknown as ConsentStore,
      relationships,
      settings,
      SchemaRegistry.load(),
      quietLogger,
    );
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

  it('given an organisation with no relationship with the subject, when it records a consent, then it is refused with the reason and nothing is written', async () => {
    // given
    const body = consentBody();
    relationships.known.clear();

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    expect(result).toEqual({
      kind: 'refused',
      refusal: { kind: 'no-relationship', partnerId: 'safe-harbour', subjectId: body.subjectId },
    });
    expect(store.consents.size).toBe(0);
    expect(store.outbox).toEqual([]);
  });

  it('given a consent without evidence, when recorded, then it is refused at /evidence and nothing is written', async () => {
    // given
    const { evidence: _evidence, ...body } = consentBody();

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    expect(result).toEqual({
      kind: 'invalid',
      errors: [{ pointer: '/evidence', message: expect.stringContaining('is required') }],
    });
    expect(store.consents.size).toBe(0);
  });

  it('given relationships that cannot be read, when recorded, then it is refused as unavailable rather than guessed', async () => {
    // given
    relationships.kindsOf = async () => {
      throw new Error('relation "redaction.subject_relationships" does not exist');
    };

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, consentBody()));

    // then
    expect(result).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('relationship_unknown'),
    });
    expect(store.consents.size).toBe(0);
  });

  it('given a consent that permits the recorder’s own partner, when recorded, then it is pending and no event is written', async () => {
    // given
    const body = consentBody();
    body.provisions = [
      { ...body.provisions[0], type: 'permit', grantee: { kind: 'partner', partnerId: 'safe-harbour' } },
    ];

    // when
    const result = await handler.execute(new GrantConsentCommand(caseWorker, body));

    // then
    if (result.kind !== 'recorded') throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
    expect(result.eventId).toBeUndefined();
    expect(result.consent).toMatchObject({ status: 'pending', confirmation: { required: true } });
    expect(store.outbox).toEqual([]);
  });

  it('given a worker past the threshold within the window, when they record one more, then it is recorded and flagged', async () => {
    // given: the threshold is 2
    for (let n = 0; n < 2; n += 1)
      await handler.execute(
        new GrantConsentCommand(caseWorker, { ...consentBody(), consentId: randomUUID() }),
      );

    // when
    const result = await handler.execute(
      new GrantConsentCommand(caseWorker, { ...consentBody(), consentId: randomUUID() }),
    );

    // then
    if (result.kind !== 'recorded') throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
    expect(result.consent.flag).toEqual({
      code: 'consent-volume',
      reason: '3 consents recorded by this person within 60 minutes (more than 2)',
    });
    expect([...store.consents.values()].filter((c) => c.flag !== undefined)).toHaveLength(1);
  });
});
