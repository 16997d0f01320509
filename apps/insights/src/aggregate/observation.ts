/**
 * What the insights app keeps of one redacted event: the dimensions its
 * aggregates are counted by, and nothing else. It reads only the analytics
 * recipient's redacted copy, so identity, contact, precise location, health,
 * immigration and narrative never reach it; a field the policy withheld is
 * simply absent here, and counted under `unknown`.
 */

/** ISO 8601 week of a UTC instant, as `YYYY-Www` (the week belongs to the year of its Thursday). */
export function isoWeek(instant: string | number | Date): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new Error(`"${String(instant)}" is not a date`);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (UTC, `YYYY-MM-DD`) that starts an ISO week `YYYY-Www`. */
export function isoWeekStart(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`"${week}" is not an ISO week such as 2026-W07`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + 7 * (number - 1));
  return monday.toISOString().slice(0, 10);
}

export const UNKNOWN = 'unknown';

/** An area at the three levels Beacon counts by; a level the event did not give is `unknown`. */
export interface Area {
  readonly country: string;
  readonly region: string;
  readonly locality: string;
}

export interface Observation {
  readonly eventId: string;
  readonly kind: 'alert' | 'tip';
  /** The subject's id as hashed for the analytics recipient: distinct people can be counted, not named. */
  readonly subjectKey?: string;
  readonly area: Area;
  readonly week: string;
  readonly exploitationTypes: readonly string[];
  readonly ageGroup: string;
  readonly sourceSector: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * The observation of a redacted alert or tip. Its week is that of the time
 * observed (or raised, or submitted), else the envelope's time. `eventId`
 * and `sourceSector` come from the delivery's envelope, which the policy
 * treats as operational.
 */
export function observe(
  kind: Observation['kind'],
  envelope: { readonly eventId: string; readonly sourceSector: string; readonly time: string },
  data: unknown,
): Observation {
  const body = isObject(data) ? data : {};
  const location = isObject(body.location) ? body.location : {};
  const subject = isObject(body.subject) ? body.subject : {};
  const types = Array.isArray(body.exploitationTypes)
    ? [...new Set(body.exploitationTypes.filter((t): t is string => typeof t === 'string'))].sort()
    : [];
  const when = text(body.observedAt) ?? text(body.raisedAt) ?? text(body.submittedAt) ?? envelope.time;
  return {
    eventId: envelope.eventId,
    kind,
    ...(text(subject.subjectId) ? { subjectKey: text(subject.subjectId) } : {}),
    area: {
      country: text(location.country) ?? UNKNOWN,
      region: text(location.region) ?? UNKNOWN,
      locality: text(location.locality) ?? UNKNOWN,
    },
    week: isoWeek(when),
    exploitationTypes: types.length > 0 ? types : [UNKNOWN],
    ageGroup: text(subject.ageGroup) ?? UNKNOWN,
    sourceSector: envelope.sourceSector,
  };
}
