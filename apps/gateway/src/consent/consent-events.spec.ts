import { cloudEventFromOutbox } from '@beacon/platform/nest';
import type { Principal } from '@beacon/auth';
import {
  loadExamples,
  SchemaRegistry,
  type ConsentGrantedV1Data,
  type ConsentRevokedV1Data,
} from '@beacon/contracts';
import { decodeCloudEvent, encodeCloudEvent } from '@beacon/messaging';
import type { NewOutboxMessage, OutboxMessage } from '@beacon/persistence';
import {
  consentGrantedMessage,
  consentRevokedMessage,
  correlationIdFrom,
  GATEWAY_SOURCE,
} from './consent-events';
import {
  applyRevocation,
  CONSENT_GRANTED_TYPE,
  CONSENT_REVOKED_TYPE,
  decideRevocation,
  grantConsent,
  revokedData,
} from './domain/consent';

const caseWorker: Principal = {
  subject: 'worker:7',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
};
const registry = SchemaRegistry.load();

function consentData(): ConsentGrantedV1Data {
  const example = loadExamples().find((e) => e.name === 'adult-permits-ngo-and-health-care-denies-research')
    ?.payload as ConsentGrantedV1Data;
  return {
    ...structuredClone(example),
    recordedBy: {
      organisation: { partnerId: 'safe-harbour' },
      caseWorker: { workerId: 'w-7', name: 'Kwame' },
    },
  };
}

/** The row the relay would read back for a message. */
function asRow(message: NewOutboxMessage, id = '1'): OutboxMessage {
  return { ...message, id, createdAt: new Date() };
}

describe('consentGrantedMessage', () => {
  it('given a recorded consent, then the message is its granted event for the canonical log, keyed by subject', () => {
    // given
    const consent = grantConsent(consentData(), caseWorker, '2025-03-15T10:00:00.000Z');

    // when
    const message = consentGrantedMessage(consent, {
      eventId: 'a1b2c3d4-0000-4000-8000-000000000001',
      time: '2025-03-15T10:00:00.000Z',
      dataschema: registry.dataschemaFor(CONSENT_GRANTED_TYPE),
      correlationId: 'flow-42',
    });

    // then
    expect(message).toEqual({
      eventId: 'a1b2c3d4-0000-4000-8000-000000000001',
      topicKind: 'events',
      key: consent.subjectId,
      type: 'org.beacon.consent.granted.v1',
      headers: {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        source: 'urn:beacon:service:gateway',
        type: 'org.beacon.consent.granted.v1',
        specversion: '1.0',
        time: '2025-03-15T10:00:00.000Z',
        subject: consent.subjectId,
        dataschema: 'https://schemas.beacon.example/org.beacon.consent.granted.v1.json',
        datacontenttype: 'application/json',
        correlationid: 'flow-42',
      },
      payload: consent.data,
    });
    expect(registry.validate(CONSENT_GRANTED_TYPE, message.payload)).toEqual({ ok: true });
  });

  it('given no correlation id, then the event carries none', () => {
    // given
    const consent = grantConsent(consentData(), caseWorker, '2025-03-15T10:00:00.000Z');

    // when
    const message = consentGrantedMessage(consent, { eventId: 'e', time: 't', dataschema: 's' });

    // then
    expect(message.headers).not.toHaveProperty('correlationid');
  });
});

describe('consentRevokedMessage', () => {
  it('given a revocation, then its data is the payload and the key is the consent’s subject', () => {
    // given
    const consent = grantConsent(consentData(), caseWorker, '2025-03-15T10:00:00.000Z');
    const data = revokedData(
      consent,
      { grantee: { kind: 'sector', sector: 'health-care' }, reason: 'subject-request' },
      caseWorker,
      '2025-06-02T12:00:00.000Z',
    ) as unknown as ConsentRevokedV1Data;
    const decision = decideRevocation(consent, data, caseWorker);
    if (!decision.ok) throw new Error('expected the revocation to be allowed');
    const next = applyRevocation(consent, decision.revocation);

    // when
    const message = consentRevokedMessage(next, decision.revocation, {
      eventId: 'b1b2c3d4-0000-4000-8000-000000000002',
      time: '2025-06-02T12:00:00.000Z',
      dataschema: registry.dataschemaFor(CONSENT_REVOKED_TYPE),
    });

    // then
    expect(message).toMatchObject({
      key: consent.subjectId,
      type: 'org.beacon.consent.revoked.v1',
      headers: {
        subject: consent.subjectId,
        source: GATEWAY_SOURCE,
        dataschema: 'https://schemas.beacon.example/org.beacon.consent.revoked.v1.json',
      },
      payload: data,
    });
    expect(registry.validate(CONSENT_REVOKED_TYPE, message.payload)).toEqual({ ok: true });
  });
});

describe('cloudEventFromOutbox', () => {
  it('given a message as written, then it encodes to a binary-mode record that decodes back to the same event', () => {
    // given
    const consent = grantConsent(consentData(), caseWorker, '2025-03-15T10:00:00.000Z');
    const message = consentGrantedMessage(consent, {
      eventId: 'a1b2c3d4-0000-4000-8000-000000000001',
      time: '2025-03-15T10:00:00.000Z',
      dataschema: registry.dataschemaFor(CONSENT_GRANTED_TYPE),
      correlationId: 'flow-42',
    });

    // when
    const event = cloudEventFromOutbox(asRow(message));
    const record = encodeCloudEvent(event);
    const decoded = decodeCloudEvent(record);

    // then
    expect(record.key).toBe(consent.subjectId);
    expect(record.headers).toMatchObject({
      ce_id: 'a1b2c3d4-0000-4000-8000-000000000001',
      ce_type: 'org.beacon.consent.granted.v1',
      ce_source: 'urn:beacon:service:gateway',
      ce_subject: consent.subjectId,
      ce_correlationid: 'flow-42',
    });
    expect(decoded).toEqual({ ok: true, event });
    expect(event.data).toEqual(consent.data);
  });

  it('given a row without a subject, then it refuses to make an event of it', () => {
    // given
    const row = asRow(
      {
        eventId: 'e',
        topicKind: 'events',
        key: 'k',
        type: 't',
        headers: { id: 'e', source: 's', type: 't', time: 'x' },
        payload: {},
      },
      '9',
    );

    // when / then
    expect(() => cloudEventFromOutbox(row)).toThrow('outbox row 9 (event e) lacks subject');
  });
});

describe('correlationIdFrom', () => {
  it.each([
    ['flow-42', 'flow-42'],
    ['  flow-42 ', 'flow-42'],
    [['first', 'second'], 'first'],
    [undefined, undefined],
    ['', undefined],
    ['has space', undefined],
    ['é', undefined],
    ['x'.repeat(201), undefined],
  ])('given %p, then it carries %p', (header, expected) => {
    expect(correlationIdFrom(header as string | string[] | undefined)).toBe(expected);
  });
});
