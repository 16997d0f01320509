import fc from 'fast-check';
import { isoWeek, isoWeekStart, observe } from './observation';

describe('isoWeek', () => {
  it('given dates at the turn of the year, then each belongs to the year of its Thursday', () => {
    expect(isoWeek('2026-01-01T00:00:00Z')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2027-01-01T12:00:00Z')).toBe('2026-W53'); // a Friday of 2026's last week
    expect(isoWeek('2024-12-30T08:00:00Z')).toBe('2025-W01'); // a Monday
    expect(isoWeek('2026-12-04T16:00:00Z')).toBe('2026-W49');
  });

  it('given anything that is not a date, then it says so', () => {
    expect(() => isoWeek('yesterday')).toThrow('"yesterday" is not a date');
  });

  it('given any day (property), then its week starts on the Monday at most six days before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const start = Date.parse(`${isoWeekStart(isoWeek(ms))}T00:00:00Z`);
        const day = Date.UTC(
          new Date(ms).getUTCFullYear(),
          new Date(ms).getUTCMonth(),
          new Date(ms).getUTCDate(),
        );
        return new Date(start).getUTCDay() === 1 && day - start >= 0 && day - start <= 6 * 86_400_000;
      }),
    );
  });
});

describe('observe', () => {
  const envelope = { eventId: 'e-1', sourceSector: 'law-enforcement', time: '2026-03-02T10:00:00Z' };

  it('given a redacted alert, then it keeps only the counted dimensions', () => {
    // given: the analytics recipient's copy (identity hashed, precise location gone)
    const data = {
      observedAt: '2026-02-26T06:00:00Z',
      subject: { subjectId: 'h:2f9c…', ageGroup: 'child', gender: 'male' },
      exploitationTypes: ['labour', 'forced-criminality', 'labour'],
      location: { region: 'Midshire', locality: 'Millgate', country: 'GB' },
      urgency: 'urgent',
    };

    // when
    const observation = observe('alert', envelope, data);

    // then
    expect(observation).toEqual({
      eventId: 'e-1',
      kind: 'alert',
      subjectKey: 'h:2f9c…',
      area: { country: 'GB', region: 'Midshire', locality: 'Millgate' },
      week: '2026-W09',
      exploitationTypes: ['forced-criminality', 'labour'],
      ageGroup: 'child',
      sourceSector: 'law-enforcement',
    });
  });

  it('given a copy with every dimension withheld, then it is counted under unknown in the envelope’s week', () => {
    expect(observe('tip', envelope, {})).toEqual({
      eventId: 'e-1',
      kind: 'tip',
      area: { country: 'unknown', region: 'unknown', locality: 'unknown' },
      week: '2026-W10',
      exploitationTypes: ['unknown'],
      ageGroup: 'unknown',
      sourceSector: 'law-enforcement',
    });
  });
});
