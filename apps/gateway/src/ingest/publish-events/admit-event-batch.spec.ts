import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { MAX_REASONS, partnerSource } from '@beacon/messaging';
import { admitEventBatch } from './admit-event-batch';

const registry = SchemaRegistry.load();
const ALERT = withOriginator(
  'org.beacon.alert.raised.v1',
  loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload,
  'metro-police',
) as {
  subject: { subjectId: string };
};
const context = { partnerId: 'metro-police', registry };

function alert(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: partnerSource('metro-police'),
    type: 'org.beacon.alert.raised.v1',
    time: '2026-03-14T16:42:00Z',
    subject: ALERT.subject.subjectId,
    data: ALERT,
    ...overrides,
  };
}

describe('admitting the events of one request', () => {
  it('given only valid events, then all are admitted, their ids and records in the order sent', () => {
    // when
    const result = admitEventBatch([alert('a'), alert('b'), alert('c')], context);

    // then
    expect(result).toMatchObject({ ok: true, ids: ['a', 'b', 'c'] });
    if (!result.ok) throw new Error('expected admission');
    expect(result.records.map((record) => record.headers.ce_id)).toEqual(['a', 'b', 'c']);
    expect(result.records.every((record) => record.key === ALERT.subject.subjectId)).toBe(true);
  });

  it('given one event with bad data among good ones, then the request is refused and only that event is named, with intake’s reason', () => {
    // when
    const result = admitEventBatch(
      [alert('a'), alert('b', { data: { ...ALERT, urgency: 'whenever' } }), alert('c')],
      context,
    );

    // then
    expect(result).toEqual({
      ok: false,
      refusal: {
        accepted: false,
        errors: [
          {
            index: 1,
            id: 'b',
            reasons: [
              { pointer: '/data/urgency', message: 'must be one of: routine, priority, urgent, emergency' },
            ],
          },
        ],
      },
    });
  });

  it('given several refused events, then every one is listed, not only the first', () => {
    // when
    const result = admitEventBatch(
      [alert('a', { time: 'yesterday' }), alert('b'), alert('c', { type: 'org.beacon.alert.raised.v9' })],
      context,
    );

    // then
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.refusal.errors.map((error) => [error.index, error.id, error.reasons[0].pointer])).toEqual([
      [0, 'a', '/headers/ce_time'],
      [2, 'c', '/headers/ce_type'],
    ]);
  });

  it('given an event carrying another partner’s source, then it is refused: the token, not the event, names the partner', () => {
    // when
    const result = admitEventBatch([alert('a', { source: partnerSource('safe-harbour') })], context);

    // then
    expect(result).toMatchObject({
      ok: false,
      refusal: { errors: [{ index: 0, reasons: [{ pointer: '/headers/ce_source' }] }] },
    });
  });

  it('given an id that is not a string, then it is reported once and the error has no id', () => {
    // when
    const result = admitEventBatch([alert('ignored', { id: 42 })], context);

    // then
    expect(result).toEqual({
      ok: false,
      refusal: {
        accepted: false,
        errors: [
          {
            index: 0,
            reasons: [
              { pointer: '/headers/ce_id', message: 'attribute "id" must be a string, not a number' },
            ],
          },
        ],
      },
    });
  });

  it('given an event with more problems than a rejection may list, then the reasons stop at the same bound as intake’s', () => {
    // given
    const attributes = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`Bad-${i}`, 'x']));

    // when
    const result = admitEventBatch([alert('a', attributes)], context);

    // then
    if (result.ok) throw new Error('expected a refusal');
    expect(result.refusal.errors[0].reasons).toHaveLength(MAX_REASONS);
  });
});
