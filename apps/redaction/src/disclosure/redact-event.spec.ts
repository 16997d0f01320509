import { loadExamples, SchemaRegistry } from '@beacon/contracts';
import { decodeCloudEvent, partnerSource, topicsFor, type CloudEvent } from '@beacon/messaging';
import { compilePolicy, type CompiledPolicy, type Consent } from '@beacon/policy';
import type { Message } from 'kafkajs';
import policyDocument from '../../../../config/policies/beacon-default.v1.json';
import { DISCLOSURE_TYPE, deliveryId, redactEvent, type RedactionContext } from './redact-event';

const registry = SchemaRegistry.load();
const compiled = compilePolicy(policyDocument);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const policy: CompiledPolicy = compiled.policy;
const example = loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload as {
  subject: { subjectId: string; givenName: string };
  urgency: string;
};
const partners = [
  { partnerId: 'metro-police', sector: 'law-enforcement' as const },
  { partnerId: 'st-mary-hospital', sector: 'health-care' as const },
  { partnerId: 'safe-harbour', sector: 'ngo' as const },
  { partnerId: 'northside-school', sector: 'education' as const },
  { partnerId: 'county-social-services', sector: 'social-services' as const },
];

function alert(data: unknown = { ...example, urgency: 'urgent' }): CloudEvent {
  return {
    id: 'alert-1',
    source: partnerSource('northside-school'),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: '2026-11-25T09:00:00Z',
    subject: example.subject.subjectId,
    datacontenttype: 'application/json',
    correlationid: 'corr-9',
    data,
  };
}

function context(consents: Consent[] = []): RedactionContext {
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
const position = { topic: 'beacon.events', partition: 1, offset: '42' };

describe('redacting one canonical event', () => {
  it('given an urgent labour alert, then each routed recipient gets one delivery and one disclosure record, never the source', () => {
    const outcome = redactEvent(alert(), position, context());
    const recipients = outcome.deliveries.map((d) => d.topic.replace('beacon.deliver.', '')).sort();
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients).not.toContain('northside-school');
    expect(outcome.records).toHaveLength(outcome.deliveries.length);
    const recordRecipients = outcome.records
      .map((m) => (decode(m).data as { recipient: { partnerId: string } }).recipient.partnerId)
      .sort();
    expect(recordRecipients).toEqual(recipients);
  });

  it('given the disclosure records, then each is valid under its schema, names the source’s place and its own delivery', () => {
    const outcome = redactEvent(alert(), position, context());
    outcome.records.forEach((message, i) => {
      const record = decode(message);
      expect(record.type).toBe(DISCLOSURE_TYPE);
      expect(registry.validate(DISCLOSURE_TYPE, record.data)).toEqual({ ok: true });
      const delivery = decode(outcome.deliveries[i].message);
      expect(record.data).toMatchObject({
        event: { id: 'alert-1', partition: 1, offset: '42', topic: 'beacon.events' },
        delivery: { topic: outcome.deliveries[i].topic, id: delivery.id },
        policy: { id: policy.id, version: policy.version },
      });
      expect(delivery.extensions).toMatchObject({
        disclosureid: record.id,
        policyversion: policy.version,
        breakglass: 'false',
      });
      expect(delivery.causationid).toBe('alert-1');
    });
  });

  it('given a recipient whose sector may not see identity, then the given name appears nowhere in its delivery', () => {
    const outcome = redactEvent(alert(), position, context());
    for (const { topic, message } of outcome.deliveries) {
      const withheld = JSON.parse(decode(message).extensions?.withheldpaths ?? '[]') as string[];
      if (withheld.includes('/subject/givenName')) {
        expect({ topic, leaks: JSON.stringify(message).includes(example.subject.givenName) }).toEqual({
          topic,
          leaks: false,
        });
      }
    }
  });

  it('given the disclosure records, then every disclosed or withheld path sits in exactly one rule group, and each rule is named once', () => {
    const outcome = redactEvent(alert(), position, context());
    expect(outcome.records.length).toBeGreaterThan(0);
    for (const message of outcome.records) {
      const data = decode(message).data as {
        disclosedPaths: string[];
        withheld: { path: string }[];
        rules: { by: string; paths: string[] }[];
      };
      const grouped = data.rules.flatMap((r) => r.paths);
      expect([...grouped].sort()).toEqual(
        [...data.disclosedPaths, ...data.withheld.map((w) => w.path)].sort(),
      );
      expect(new Set(data.rules.map((r) => r.by)).size).toBe(data.rules.length);
      expect(data.rules.every((r) => r.by.length > 0 && r.paths.length > 0)).toBe(true);
    }
  });

  it('given the same event decided twice, then the delivery ids are the same: a replay cannot look like a new event', () => {
    const first = redactEvent(alert(), position, context()).deliveries.map((d) => decode(d.message).id);
    const second = redactEvent(alert(), position, context()).deliveries.map((d) => decode(d.message).id);
    expect(second).toEqual(first);
    expect(deliveryId('a', 's', 'p1')).not.toBe(deliveryId('a', 's', 'p2'));
    expect(deliveryId('a', 's', 'p1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('given an event type that no flow routes, then nothing is delivered and nothing recorded', () => {
    const consentEvent = { ...alert(), type: 'org.beacon.consent.granted.v1' };
    expect(redactEvent(consentEvent, position, context())).toEqual({
      deliveries: [],
      records: [],
      refused: [],
      ledger: [],
      deliveredTo: [],
    });
  });
});

describe('redacting under a break-glass grant', () => {
  const reason = 'Caller reports he is locked in the car wash tonight; we need the exact place.';
  const grant = (role: string) => ({
    role,
    reason,
    requestedBy: 'worker:mp-40317',
    startedAt: '2026-11-25T09:00:00.000Z',
    expiresAt: '2026-11-25T09:30:00.000Z',
    categories: ['identity' as const],
  });
  const withGrant = (role: string): RedactionContext => ({
    ...context(),
    breakGlassFor: (_subject, partnerId) => (partnerId === 'metro-police' ? grant(role) : undefined),
  });
  const recordOf = (outcome: ReturnType<typeof redactEvent>, partnerId: string) => {
    const index = outcome.deliveries.findIndex((d) => d.topic === `beacon.deliver.${partnerId}`);
    return { delivery: decode(outcome.deliveries[index].message), record: decode(outcome.records[index]) };
  };

  it('given a grant to the police, when an alert is redacted, then only the police delivery is widened and flagged in its header and record', () => {
    // when
    const outcome = redactEvent(alert(), position, withGrant('case-worker'));

    // then
    const police = recordOf(outcome, 'metro-police');
    expect(police.delivery.extensions).toMatchObject({
      breakglass: 'true',
      breakglassexpires: '2026-11-25T09:30:00.000Z',
      purpose: 'emergency',
    });
    expect((police.delivery.data as { subject: { givenName?: string } }).subject.givenName).toBe(
      example.subject.givenName,
    );
    expect(police.record.data).toMatchObject({
      purpose: 'emergency',
      breakGlass: {
        used: true,
        reason,
        authorisedBy: 'worker:mp-40317',
        expiresAt: '2026-11-25T09:30:00.000Z',
      },
    });
    expect(registry.validate(DISCLOSURE_TYPE, police.record.data)).toEqual({ ok: true });
    const hospital = recordOf(outcome, 'st-mary-hospital');
    expect(hospital.delivery.extensions?.breakglass).toBe('false');
    expect(hospital.record.data).toMatchObject({ breakGlass: { used: false }, purpose: 'safety-planning' });
  });

  it('given a stored grant the policy refuses, when an alert is redacted, then the refusal is reported and the police get the ordinary redaction', () => {
    // when
    const outcome = redactEvent(alert(), position, withGrant('auditor'));

    // then
    expect(outcome.refused).toEqual([
      expect.objectContaining({ partnerId: 'metro-police', code: 'break-glass-role-not-allowed' }),
    ]);
    const police = recordOf(outcome, 'metro-police');
    expect(police.delivery.extensions?.breakglass).toBe('false');
    expect(police.record.data).toMatchObject({ purpose: 'investigation', breakGlass: { used: false } });
  });
});
