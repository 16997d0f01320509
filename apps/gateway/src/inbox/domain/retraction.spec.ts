import { decidePurgeConfirmation, readAge, retractionOf } from './retraction';

function item(type: string, data: unknown) {
  return {
    partnerId: 'safe-harbour',
    type,
    eventId: 'delivery-of-retraction',
    event: JSON.stringify({ id: 'delivery-of-retraction', type, data }),
  };
}

describe('retractionOf', () => {
  it('given a retraction delivered to a partner, then it names the partner, the retraction and each listed delivery once', () => {
    // given
    const retraction = item('org.beacon.disclosure.retracted.v1', {
      retractionId: 'r-1',
      consentId: 'c-1',
      deliveries: [
        { deliveryId: 'd-1', eventId: 'e-1' },
        { deliveryId: 'd-2', eventId: 'e-2' },
        { deliveryId: 'd-1', eventId: 'e-1' },
      ],
    });

    // when
    const read = retractionOf(retraction);

    // then
    expect(read).toEqual({
      partnerId: 'safe-harbour',
      retractionId: 'r-1',
      consentId: 'c-1',
      deliveryIds: ['d-1', 'd-2'],
    });
  });

  it('given a copy whose policy withheld the consent id, then the retraction still purges, under the delivery’s own id', () => {
    // when
    const read = retractionOf(
      item('org.beacon.disclosure.retracted.v1', { deliveries: [{ deliveryId: 'd-1' }] }),
    );

    // then
    expect(read).toEqual({
      partnerId: 'safe-harbour',
      retractionId: 'delivery-of-retraction',
      deliveryIds: ['d-1'],
    });
  });

  it('given any other delivery, then it is no retraction', () => {
    expect(
      retractionOf(item('org.beacon.alert.raised.v1', { deliveries: [{ deliveryId: 'd-1' }] })),
    ).toBeUndefined();
  });
});

describe('decidePurgeConfirmation', () => {
  it('given an unconfirmed retraction, then the partner may confirm it', () => {
    expect(decidePurgeConfirmation({})).toEqual({ ok: true });
  });

  it('given a confirmed retraction, then a second confirmation is refused and the first stands', () => {
    expect(decidePurgeConfirmation({ confirmedAt: '2026-12-01T10:00:00.000Z' })).toEqual({
      ok: false,
      refusal: { kind: 'already-confirmed', confirmedAt: '2026-12-01T10:00:00.000Z' },
    });
  });
});

describe('readAge', () => {
  it('given seconds, minutes, hours or days, then milliseconds', () => {
    expect(readAge('30s')).toEqual({ ok: true, ms: 30_000 });
    expect(readAge('90m')).toEqual({ ok: true, ms: 90 * 60_000 });
    expect(readAge('4h')).toEqual({ ok: true, ms: 4 * 3600_000 });
    expect(readAge('7d')).toEqual({ ok: true, ms: 7 * 24 * 3600_000 });
  });

  it('given anything else, then what is wrong', () => {
    expect(readAge('PT1H')).toEqual({
      ok: false,
      message: expect.stringContaining('e.g. 30s, 90m, 4h or 7d'),
    });
  });
});
