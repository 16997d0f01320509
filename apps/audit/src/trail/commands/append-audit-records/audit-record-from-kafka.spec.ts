import { encodeCloudEvent, type CloudEvent } from '@beacon/messaging';
import type { JsonObject } from '../../../chain';
import { disclosureRecord } from '../../../chain/testing/chain-fixtures';
import { auditRecordFromKafka } from './audit-record-from-kafka';

const position = { topic: 'beacon.audit', partition: 1, offset: '17' };

describe('auditRecordFromKafka', () => {
  it('given a disclosure record as redaction encodes it, when read, then it is the CloudEvent with its columns', () => {
    // given
    const record = disclosureRecord(1);
    const message = encodeCloudEvent(record as unknown as CloudEvent);

    // when
    const read = auditRecordFromKafka(message, position);

    // then
    expect(read.problems).toBeUndefined();
    expect(read.pending.recordId).toBe(record.id);
    expect(read.pending.record).toEqual(record);
    expect(read.pending.summary).toMatchObject({ action: 'deliver', actor: 'metro-police' });
  });

  it('given a record that is not a CloudEvent, when read, then it is kept as bytes with the reasons, under a stable id', () => {
    // given
    const message = { key: 'k', value: Buffer.from('not json'), headers: { ce_id: 'x' } };

    // when
    const read = auditRecordFromKafka(message, position);
    const again = auditRecordFromKafka(message, position);

    // then
    expect(read.problems?.length).toBeGreaterThan(0);
    expect(read.pending.recordId).toMatch(/^undecodable:[0-9a-f]{64}$/);
    expect(again.pending.recordId).toBe(read.pending.recordId);
    const kept = read.pending.record.undecodable as JsonObject;
    expect(Buffer.from(String(kept.value), 'base64').toString()).toBe('not json');
    expect(read.pending.summary.recordType).toBeNull();
  });

  it('given a record holding U+0000 or a lone surrogate, when read, then it is kept as bytes rather than stalling the chain', () => {
    const withNul = disclosureRecord(2);
    withNul.correlationid = 'a\u0000b';
    const withSurrogate = disclosureRecord(3);
    (withSurrogate.data as JsonObject).purpose = '\uD800';

    for (const record of [withNul, withSurrogate]) {
      const read = auditRecordFromKafka(encodeCloudEvent(record as unknown as CloudEvent), position);
      expect(read.pending.recordId).toMatch(/^undecodable:/);
    }
  });
});
