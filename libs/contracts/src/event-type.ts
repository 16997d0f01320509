/**
 * Beacon event types are reverse-DNS names with a version:
 * `org.beacon.<entity>.<action>.v<n>`, e.g. `org.beacon.referral.status-changed.v1`.
 * The schema file carries the same name, so the type alone finds the contract.
 */

/** The parts of an event type that matter to code: `alert.raised` and `1`. */
export interface EventTypeName {
  /** Dotted kebab-case name without the `org.beacon.` prefix and version, e.g. `alert.raised`. */
  readonly name: string;
  /** Major version; a breaking change needs a new one. */
  readonly version: number;
}

/** Every Beacon event type starts with this. */
export const EVENT_TYPE_PREFIX = 'org.beacon.';

const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
// At least two segments (entity and what happened to it), so `org.beacon.alert.v1` is refused.
const EVENT_TYPE_PATTERN = new RegExp(`^org\\.beacon\\.(${SEGMENT}(?:\\.${SEGMENT})+)\\.v([1-9][0-9]{0,5})$`);
// Longer names cannot be a topic header or a file name we want to see.
const MAX_EVENT_TYPE_LENGTH = 200;

/** Thrown by {@link parseEventType} for a string that is not a Beacon event type. */
export class InvalidEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(
      `"${eventType.length > 80 ? `${eventType.slice(0, 80)}…` : eventType}" is not a Beacon event type; ` +
        'expected org.beacon.<entity>.<action>.v<version>, such as org.beacon.alert.raised.v1',
    );
    this.name = 'InvalidEventTypeError';
  }
}

/**
 * Splits `org.beacon.alert.raised.v1` into `{ name: 'alert.raised', version: 1 }`;
 * returns `undefined` for anything else (other prefixes, upper case, `v0`,
 * leading zeros, a single segment).
 */
export function tryParseEventType(type: unknown): EventTypeName | undefined {
  if (typeof type !== 'string' || type.length > MAX_EVENT_TYPE_LENGTH) return undefined;
  const match = EVENT_TYPE_PATTERN.exec(type);
  if (match === null) return undefined;
  return { name: match[1], version: Number(match[2]) };
}

/** Like {@link tryParseEventType}, but throws {@link InvalidEventTypeError} when malformed. */
export function parseEventType(type: string): EventTypeName {
  const parsed = tryParseEventType(type);
  if (parsed === undefined) throw new InvalidEventTypeError(String(type));
  return parsed;
}

/** The inverse of {@link parseEventType}: `('alert.raised', 2)` → `org.beacon.alert.raised.v2`. */
export function formatEventType(name: string, version: number): string {
  const type = `${EVENT_TYPE_PREFIX}${name}.v${version}`;
  // Round-trip through the parser so no malformed type can be built either.
  parseEventType(type);
  return type;
}
