import type { Urgency } from '@beacon/contracts';

/*
 * How long a receiving partner has to accept a referral, by its urgency.
 * Pure: parsing the setting and the arithmetic on times, nothing else.
 */

/** The urgency vocabulary (schemas/common/vocabulary.json#/$defs/urgency), most pressing first. */
export const URGENCIES: readonly Urgency[] = ['emergency', 'urgent', 'priority', 'routine'];

/** Seconds to accept, per urgency; an urgency without an entry is never escalated. */
export type AcceptDeadlines = Readonly<Partial<Record<Urgency, number>>>;

/** The default of `REFERRAL_ACCEPT_DEADLINES`. */
export const DEFAULT_ACCEPT_DEADLINES = 'emergency=1h,urgent=4h,priority=24h,routine=72h';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^(\d{1,7})([smhd])$/;

/**
 * Parses `emergency=1h,urgent=4h,priority=24h,routine=72h` (units s, m, h, d).
 * Throws an error naming the entry at fault: an unknown urgency, a duration
 * that is not a whole number with a unit, a zero, or an urgency named twice.
 */
export function parseAcceptDeadlines(raw: string): AcceptDeadlines {
  const deadlines: Partial<Record<Urgency, number>> = {};
  for (const entry of raw.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [name, duration, ...rest] = entry.split('=').map((part) => part.trim());
    if (name === undefined || duration === undefined || rest.length > 0) {
      throw new Error(`"${entry}" is not urgency=duration`);
    }
    if (!(URGENCIES as readonly string[]).includes(name)) {
      throw new Error(`"${name}" is not an urgency; use ${URGENCIES.join(', ')}`);
    }
    const match = DURATION.exec(duration);
    if (match === null)
      throw new Error(`"${duration}" (for ${name}) is not a duration such as 30s, 15m, 4h or 3d`);
    const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
    if (seconds === 0) throw new Error(`the deadline for ${name} must be longer than 0`);
    if (deadlines[name as Urgency] !== undefined) throw new Error(`${name} is given twice`);
    deadlines[name as Urgency] = seconds;
  }
  return Object.freeze(deadlines);
}

/** When a referral received at `receivedAt` must be accepted by, or `undefined` when its urgency has no deadline. */
export function acceptDueAt(
  deadlines: AcceptDeadlines,
  urgency: Urgency,
  receivedAt: Date,
): Date | undefined {
  const seconds = deadlines[urgency];
  return seconds === undefined ? undefined : new Date(receivedAt.getTime() + seconds * 1000);
}
