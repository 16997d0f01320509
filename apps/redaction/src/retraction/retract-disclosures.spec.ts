import { loadExamples, SchemaRegistry } from '@beacon/contracts';
import { decodeCloudEvent, partnerSource, topicsFor, type CloudEvent } from '@beacon/messaging';
import { compilePolicy, type CompiledPolicy, type Consent } from '@beacon/policy';
import type { Message } from 'kafkajs';
import policyDocument from '../../../../config/policies/beacon-default.v1.json';
import {
  DISCLOSURE_TYPE,
  redactEvent,
  type LedgerEntry,
  type RedactionContext,
} from '../disclosure/redact-event';
import { RETRACTION_TYPE, retractDisclosures, revokedConsentId } from './retract-disclosures';

const registry = SchemaRegistry.load();
const compiled = compilePolicy(policyDocument);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const policy: CompiledPolicy = compiled.policy;
const example = loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload as {
  subject: { subjectId: string };
};
const SUBJECT = example.subject.subjectId;
const CONSENT = '5d2f8b1c-7e4a-4d93-b6f0-3a9c1e7d2b58';
const partners = [
  { partnerId: 'metro-police', sector: 'law-enforcement' as const },
  { partnerId: 'st-mary-hospital', sector: 'health-care' as const },
  { partnerId: 'safe-harbour', sector: 'ngo' as const },
];

/** The subject's consent: ngo and police may know who it is, for their alert purposes. */
const consent = (partialRevocations: Consent['partialRevocations'] = []): Consent => ({
  consentId: CONSENT,
  subjectId: SUBJECT,
  status: 'active',
  provisions: [
    {
      type: 'permit',
      grantee: { kind: 'sector', sector: 'ngo' },
      purposes: ['safety-planning'],
      categories: ['identity'],
    },
    {
      type: 'permit',
      grantee: { kind: 'sector', sector: 'law-enforcement' },
      purposes: ['investigation'],
      categories: ['identity'],
    },
  ],
  partialRevocations,
});

function context(consents: Consent[]): RedactionContext {
  return {
    registry,
    topics: topicsFor('beacon'),
    policy,
    partners,
    consentsFor: () => consents,
    hashKeys: (partnerId) => `local-test-key-of-${partnerId}-padded-to-32-bytes-or-more`,
    now: () => new Date('2026-11-25T09:00:05Z'),
  };
}

const decode = (m: Message) => {
  const r = decodeCloudEvent({ key: m.key as string, value: m.value as string, headers: m.headers });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.event;
};

function alert(id: string): CloudEvent {
  return {
    id,
    source: partnerSource('northside-school'),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: '2026-11-25T09:00:00Z',
    subject: SUBJECT,
    datacontenttype: 'application/json',
    data: {
      ...(example as object),
      urgency: 'urgent',
      raisedBy: {
        organisation: {
          partnerId: 'northside-school',
          name: 'Northside Secondary School',
          sector: 'education',
        },
        caseWorker: { workerId: 'ns-dsl-1', name: 'Designated Safeguarding Lead' },
      },
    },
  };
}

const revocation = (grantee?: unknown): CloudEvent => ({
  id: 'revocation-1',
  source: 'urn:beacon:service:gateway',
  type: 'org.beacon.consent.revoked.v1',
  specversion: '1.0',
  time: '2026-11-25T09:00:04Z',
  subject: SUBJECT,
  datacontenttype: 'application/json',
  data: {
    consentId: CONSENT,
    subjectId: SUBJECT,
    revokedAt: '2026-11-25T09:00:04Z',
    ...(grantee === undefined ? {} : { grantee }),
    reason: 'subject-request',
  },
});

/** Two alerts decided under the consent: the ledger entries they leave. */
function ledgerOfTwoAlerts(): LedgerEntry[] {
  const ctx = context([consent()]);
  return ['alert-1', 'alert-2'].flatMap(
    (id, i) =>
      redactEvent(alert(id), { topic: 'beacon.events', partition: 0, offset: String(i) }, ctx).ledger,
  );
}

describe('the disclosure ledger entries of a decision', () => {
  it('given a consent that opened identity for ngo and police, when an alert is decided, then one entry per partner that consent disclosed to', () => {
    // when
    const ledger = ledgerOfTwoAlerts();

    // then
    expect(ledger.map((e) => `${e.sourceEventId}:${e.partnerId}:${e.consentId}`).sort()).toEqual([
      `alert-1:metro-police:${CONSENT}`,
      `alert-1:safe-harbour:${CONSENT}`,
      `alert-2:metro-police:${CONSENT}`,
      `alert-2:safe-harbour:${CONSENT}`,
    ]);
  });
});

describe('retracting on a consent revocation', () => {
  const position = { topic: 'beacon.events', partition: 0, offset: '9' };

  it('given a revocation for the ngo sector, when retracted, then only the NGO gets one retraction listing its two deliveries, with a valid record', () => {
    // given
    const ledger = ledgerOfTwoAlerts();
    const revoked = consent([
      { grantee: { kind: 'sector', sector: 'ngo' }, revokedAt: '2026-11-25T09:00:04Z' },
    ]);

    // when
    const outcome = retractDisclosures(
      revocation({ kind: 'sector', sector: 'ngo' }),
      position,
      ledger,
      context([revoked]),
    );

    // then
    expect(outcome.deliveries.map((d) => d.topic)).toEqual(['beacon.deliver.safe-harbour']);
    const retraction = decode(outcome.deliveries[0].message);
    expect(retraction.type).toBe(RETRACTION_TYPE);
    expect(
      registry.validate(RETRACTION_TYPE, { ...(retraction.data as object), subjectId: SUBJECT }),
    ).toEqual({
      ok: true,
    });
    const ngoEntries = ledger.filter((e) => e.partnerId === 'safe-harbour');
    expect((retraction.data as { deliveries: unknown[] }).deliveries).toEqual(
      ngoEntries.map((e) => ({
        deliveryId: e.deliveryId,
        eventId: e.sourceEventId,
        eventType: e.sourceEventType,
      })),
    );
    // The NGO may no longer see identity: the subject id leaves the retraction and its envelope.
    expect((retraction.data as { subjectId?: string }).subjectId).toBeUndefined();
    expect(retraction.subject).toBe(retraction.id);
    const record = decode(outcome.records[0]);
    expect(record.type).toBe(DISCLOSURE_TYPE);
    expect(registry.validate(DISCLOSURE_TYPE, record.data)).toEqual({ ok: true });
    expect(record.data).toMatchObject({
      event: { id: 'revocation-1', type: 'org.beacon.consent.revoked.v1', offset: '9' },
      delivery: { topic: 'beacon.deliver.safe-harbour', id: retraction.id },
    });
  });

  it('given a whole revocation, when retracted twice, then every partner gets one retraction with the same id each time', () => {
    // given
    const ledger = ledgerOfTwoAlerts();

    // when
    const first = retractDisclosures(revocation(), position, ledger, context([]));
    const again = retractDisclosures(revocation(), position, [...ledger, ...ledger], context([]));

    // then
    expect(first.deliveries.map((d) => d.topic).sort()).toEqual([
      'beacon.deliver.metro-police',
      'beacon.deliver.safe-harbour',
    ]);
    const ids = (o: typeof first) => o.deliveries.map((d) => decode(d.message).id);
    expect(ids(again)).toEqual(ids(first));
    for (const d of again.deliveries)
      expect((decode(d.message).data as { deliveries: unknown[] }).deliveries).toHaveLength(2);
  });

  it('given a revocation of a consent nothing was disclosed under, when retracted, then nothing is sent', () => {
    // when
    const outcome = retractDisclosures(revocation(), position, [], context([]));

    // then
    expect(outcome).toEqual({ deliveries: [], records: [], refused: [], ledger: [], deliveredTo: [] });
    expect(revokedConsentId(revocation())).toBe(CONSENT);
    expect(revokedConsentId(alert('alert-1'))).toBeUndefined();
  });
});
