import type { CloudEvent } from '@beacon/messaging';
import { referralPartiesOf } from './referral-parties';

function statusChanged(source: string, extensions?: Record<string, string>): CloudEvent {
  return {
    id: 'e-1',
    source,
    type: 'org.beacon.referral.status-changed.v1',
    specversion: '1.0',
    time: '2025-03-15T10:00:00Z',
    subject: 's-1',
    datacontenttype: 'application/json',
    ...(extensions === undefined ? {} : { extensions }),
    data: {},
  };
}

describe('referralPartiesOf', () => {
  it('given a status change from the referrals service naming both parties, then both are known parties', () => {
    // when
    const context = referralPartiesOf(
      statusChanged('urn:beacon:service:referrals', {
        referraloriginator: 'metro-police',
        referralreceiver: 'safe-harbour',
      }),
    );

    // then
    expect(context).toEqual({ knownParties: { originator: 'metro-police', receiver: 'safe-harbour' } });
  });

  it('given the same extensions on an event from a partner, then they are ignored', () => {
    // when / then
    expect(
      referralPartiesOf(
        statusChanged('urn:beacon:partner:metro-police', {
          referraloriginator: 'metro-police',
          referralreceiver: 'northside-school',
        }),
      ),
    ).toEqual({});
  });

  it('given a party that is not a partner id, then it is left out', () => {
    // when / then
    expect(
      referralPartiesOf(
        statusChanged('urn:beacon:service:referrals', {
          referraloriginator: 'Metro Police',
          referralreceiver: 'safe-harbour',
        }),
      ),
    ).toEqual({ knownParties: { receiver: 'safe-harbour' } });
  });
});
