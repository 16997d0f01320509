import type { CloudEvent } from '@beacon/messaging';
import { distinctRelationships, relationshipsOf } from './subject-relationships';

const subjectId = '5B1F6E0A-8C3D-4E2F-9A71-0D4C2B8E6F13';

function event(overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    id: 'alert-1',
    source: 'urn:beacon:partner:northside-school',
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: '2026-11-30T10:00:00Z',
    subject: subjectId,
    datacontenttype: 'application/json',
    data: {},
    ...overrides,
  };
}

describe('relationshipsOf', () => {
  it('given a partner’s event delivered to two partners, then the originator and both recipients hold a relationship, by the lower-case subject id', () => {
    // when
    const found = relationshipsOf(event(), ['safe-harbour', 'metro-police', 'safe-harbour']);

    // then
    expect(found).toEqual([
      {
        subjectId: subjectId.toLowerCase(),
        partnerId: 'northside-school',
        kind: 'originated',
        eventId: 'alert-1',
      },
      { subjectId: subjectId.toLowerCase(), partnerId: 'safe-harbour', kind: 'received', eventId: 'alert-1' },
      { subjectId: subjectId.toLowerCase(), partnerId: 'metro-police', kind: 'received', eventId: 'alert-1' },
    ]);
  });

  it('given an event Beacon itself produced (a consent), then no one originated it', () => {
    // when
    const found = relationshipsOf(event({ source: 'urn:beacon:service:gateway' }), []);

    // then
    expect(found).toEqual([]);
  });

  it('given an event whose subject is not a subject id, then it shows no relationship', () => {
    // when
    const found = relationshipsOf(event({ subject: 'tip-receipt-7' }), ['safe-harbour']);

    // then
    expect(found).toEqual([]);
  });
});

describe('distinctRelationships', () => {
  it('given the same relationship shown by two events, then it is kept once, with the first event', () => {
    // given
    const first = relationshipsOf(event({ id: 'a' }), ['safe-harbour']);
    const second = relationshipsOf(event({ id: 'b' }), ['safe-harbour']);

    // when
    const distinct = distinctRelationships([...first, ...second]);

    // then
    expect(distinct.map((r) => `${r.partnerId}/${r.kind}/${r.eventId}`)).toEqual([
      'northside-school/originated/a',
      'safe-harbour/received/a',
    ]);
  });
});
