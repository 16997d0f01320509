import fc from 'fast-check';
import { recordsBatchQuery, recordsPageQuery } from './record-query';
import type { RecordFilters } from './record-filters';

const NASTY = ["' OR 1=1 --", '"; DROP TABLE audit_records; --', '%', '_', '$1', 'ünï ☃', '\\'];

describe('the records query', () => {
  it('given no filter, then every row in listing order, one more than the page', () => {
    expect(recordsPageQuery({ filters: {}, limit: 100 })).toEqual({
      text:
        'SELECT partition, sequence, prev_hash, hash, record_id, record FROM audit_records  ' +
        "ORDER BY COALESCE(time, '-infinity'::timestamptz), partition, sequence LIMIT $1",
      values: [101],
    });
  });

  it('given every filter and a cursor, then each is one condition with its value bound, in order', () => {
    const filters: RecordFilters = {
      subject: 's-1',
      partner: 'metro-police',
      actor: 'mp-1',
      eventId: 'e-1',
      path: '/subject/name',
      action: 'deliver',
      outcome: 'allowed',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    };
    const query = recordsPageQuery({
      filters,
      limit: 10,
      after: { time: '2026-01-05T00:00:00.000Z', partition: 1, sequence: 9 },
    });
    expect(query.values).toEqual([
      's-1',
      'metro-police',
      'mp-1',
      'e-1',
      '/subject/name',
      'deliver',
      'allowed',
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
      1,
      9,
      11,
    ]);
    expect(query.text).toContain(
      'WHERE subject_id = $1 AND actor = $2 AND actor_sub = $3 AND resource_id = $4',
    );
    expect(query.text).toContain(
      "(disclosed_paths @> ARRAY[$5::text] OR withheld @> jsonb_build_array(jsonb_build_object('path', $5::text)))",
    );
    expect(query.text).toContain(
      "(COALESCE(time, '-infinity'::timestamptz), partition, sequence) > (COALESCE($10::timestamptz, '-infinity'::timestamptz), $11::integer, $12::bigint)",
    );
    expect(query.text).toMatch(/LIMIT \$13$/);
  });

  it('given any value in any filter, then the SQL text never holds it: values only travel as parameters', () => {
    const value = fc.oneof(fc.constantFrom(...NASTY), fc.string({ minLength: 1 }));
    fc.assert(
      fc.property(value, value, value, value, value, (subject, actor, eventId, path, partner) => {
        const filters = { subject, actor, eventId, path, partner } as RecordFilters;
        const { text, values } = recordsBatchQuery(filters, undefined, 500);
        const withoutPlaceholders = text.replace(/\$\d+/g, '');
        for (const v of [subject, actor, eventId, path, partner]) {
          // a value could only appear in the text by being spliced into it
          if (v.length > 3 && !'SELECT partition sequence prev_hash record_id audit_records'.includes(v))
            expect(withoutPlaceholders.includes(v)).toBe(false);
        }
        expect(values.slice(0, 5)).toEqual([subject, partner, actor, eventId, path]);
        expect(text).toBe(
          recordsBatchQuery(
            { subject: 'a', actor: 'b', eventId: 'c', path: 'd', partner: 'e' },
            undefined,
            500,
          ).text,
        );
      }),
    );
  });
});
