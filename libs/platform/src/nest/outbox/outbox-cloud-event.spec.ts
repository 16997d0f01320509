import type { OutboxMessage } from '@beacon/persistence';
import { cloudEventFromOutbox } from './outbox-cloud-event';

function row(headers: Record<string, string>): OutboxMessage {
  return {
    id: '7',
    eventId: headers.id ?? 'e-1',
    topicKind: 'events',
    key: 'subject-1',
    type: 'org.beacon.referral.status-changed.v1',
    headers,
    payload: { n: 1 },
    createdAt: new Date(),
  };
}

const BASE = {
  id: 'e-1',
  source: 'urn:beacon:service:referrals',
  type: 'org.beacon.referral.status-changed.v1',
  specversion: '1.0',
  time: '2025-03-15T10:00:00.000Z',
  subject: 'subject-1',
  datacontenttype: 'application/json',
  correlationid: 'c-1',
};

describe('cloudEventFromOutbox', () => {
  it('given a row with extension headers, then they travel as extensions and the attributes stay attributes', () => {
    // when
    const event = cloudEventFromOutbox(
      row({ ...BASE, referraloriginator: 'metro-police', referralreceiver: 'safe-harbour' }),
    );

    // then
    expect(event.extensions).toEqual({
      referraloriginator: 'metro-police',
      referralreceiver: 'safe-harbour',
    });
    expect(event.correlationid).toBe('c-1');
  });

  it('given a row with attributes only, then the event has no extensions', () => {
    // when / then
    expect(cloudEventFromOutbox(row(BASE))).not.toHaveProperty('extensions');
  });

  it('given a row without a source, then it is refused', () => {
    // given
    const { source: _source, ...withoutSource } = BASE;

    // when / then
    expect(() => cloudEventFromOutbox(row(withoutSource))).toThrow('lacks source');
  });
});
