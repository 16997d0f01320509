import { disclosureRecord } from './testing/chain-fixtures';
import { normalizeTime, summarizeRecord, summaryDifferences, type JsonObject } from './record-summary';

describe('summarizeRecord', () => {
  it('given a disclosure record, when summarised, then the columns name the recipient, the delivery and the decision', () => {
    // given
    const record = disclosureRecord(1, { partnerId: 'safe-harbour' });
    const data = record.data as JsonObject;

    // when
    const summary = summarizeRecord(record);

    // then
    expect(summary).toEqual({
      recordType: 'org.beacon.disclosure.recorded.v1',
      time: '2025-03-01T10:00:00.000Z',
      actor: 'safe-harbour',
      actorSub: null,
      action: 'deliver',
      resourceType: 'org.beacon.alert.raised.v1',
      resourceId: (data.event as JsonObject).id,
      subjectId: data.subjectId,
      resourceTopic: 'beacon.events',
      resourcePartition: 2,
      resourceOffset: '41',
      outcome: 'allowed',
      purpose: 'safeguarding',
      policyId: 'beacon-default',
      policyVersion: 'sha256:abc',
      consentIds: data.consentIds,
      disclosedPaths: ['/urgency', '/category'],
      withheld: [
        { path: '/subject/name', transformation: 'drop', reason: 'sector-policy' },
        { path: '/location', transformation: 'generalize', reason: 'sector-policy' },
      ],
      breakGlass: false,
      correlationId: 'flow-1',
    });
  });

  it('given a break-glass disclosure, when summarised, then the flag is set', () => {
    const record = disclosureRecord(2);
    (record.data as JsonObject).breakGlass = { used: true, expiresAt: '2025-03-01T12:00:00.000Z' };

    expect(summarizeRecord(record).breakGlass).toBe(true);
  });

  it('given an access record, when summarised, then actor, action, resource and outcome come from it', () => {
    // given
    const record: JsonObject = {
      id: 'a1',
      type: 'org.beacon.access.recorded.v1',
      time: '2025-03-01T11:00:00+01:00',
      data: {
        recordId: 'a1',
        principal: {
          sub: 'auditor:7',
          partnerId: 'metro-police',
          roles: ['auditor'],
          sector: 'law-enforcement',
        },
        action: 'export',
        resource: { type: 'audit-export' },
        outcome: 'denied',
        breakGlass: true,
        correlationId: 'req-9',
      },
    };

    // when
    const summary = summarizeRecord(record);

    // then
    expect(summary).toMatchObject({
      recordType: 'org.beacon.access.recorded.v1',
      time: '2025-03-01T10:00:00.000Z',
      actor: 'metro-police',
      actorSub: 'auditor:7',
      action: 'export',
      resourceType: 'audit-export',
      resourceId: null,
      outcome: 'denied',
      policyId: null,
      consentIds: [],
      breakGlass: true,
      correlationId: 'req-9',
    });
  });

  it('given a record of an unknown type or with broken data, when summarised, then it still gets columns, nulls where it says nothing', () => {
    expect(summarizeRecord({ id: 'x', type: 'org.example.other.v1', time: 'yesterday' })).toMatchObject({
      recordType: 'org.example.other.v1',
      time: null,
      actor: null,
      withheld: [],
    });
    const broken = disclosureRecord(3);
    (broken.data as JsonObject).withheld = [{ path: 7 }, 'x', null];
    (broken.data as JsonObject).recipient = 'nobody';
    expect(summarizeRecord(broken)).toMatchObject({ withheld: [], actor: null, action: 'deliver' });
  });

  it('given a summary and one changed column, when compared, then exactly that column is named', () => {
    const derived = summarizeRecord(disclosureRecord(4));

    expect(summaryDifferences(derived, { ...derived })).toEqual([]);
    expect(summaryDifferences(derived, { ...derived, actor: 'someone-else' })).toEqual(['actor']);
    expect(summaryDifferences(derived, { ...derived, disclosedPaths: ['/urgency'] })).toEqual([
      'disclosedPaths',
    ]);
  });
});

describe('normalizeTime', () => {
  it('given RFC 3339 times, when normalised, then they become UTC instants with milliseconds; nonsense becomes null', () => {
    expect(normalizeTime('2025-03-01T10:00:00Z')).toBe('2025-03-01T10:00:00.000Z');
    expect(normalizeTime('2025-03-01T10:00:00.123456+02:00')).toBe('2025-03-01T08:00:00.123Z');
    expect(normalizeTime('not a time')).toBeNull();
    expect(normalizeTime(42)).toBeNull();
  });
});
