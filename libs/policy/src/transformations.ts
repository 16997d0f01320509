import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Action, DateGeneralization, DateTimeGeneralization, MaskStyle } from './policy.types';

/** A leaf value of JSON data. */
export type LeafValue = string | number | boolean | null;

/**
 * Gives the HMAC key for a recipient, or `undefined` when it has none.
 * Keys are held by Beacon and never handed to the partner: a partner that
 * knew its key could hash a dictionary of names and reverse its hashes.
 *
 * It must give the same answer for the same partner for as long as the
 * function is in use: {@link decide} asks it once per partner and keeps a
 * copy of the key with the function. To rotate keys, hand in a new function.
 */
export type HashKeySource = (partnerId: string) => string | Uint8Array | undefined;

/** Keys shorter than this many bytes are refused (SHA-256's block of security). */
export const MIN_HASH_KEY_BYTES = 32;

/** Characters shown by `show-first-4` / `show-last-4`, at most. */
const SHOWN = 4;

function redactChar(char: string): string {
  if (/\p{Nd}/u.test(char)) return 'n';
  if (/\p{Lu}/u.test(char)) return 'X';
  if (/\p{L}/u.test(char)) return 'x';
  return char;
}

/**
 * Masks a value after Apache Ranger's masks: `redact` turns letters into
 * `x`/`X` and digits into `n`, keeping punctuation and length. The
 * show-4 masks keep four characters, but never more than half the value,
 * because Ranger's plain "last 4" would show a four-character value whole.
 *
 * Numbers are masked as their decimal text. Booleans and null become null:
 * a masked "true"/"false" would still tell the value by its length.
 */
export function maskValue(value: LeafValue, style: MaskStyle): string | null {
  if (typeof value === 'boolean' || value === null) return null;
  const chars = [...String(value)];
  const shown = Math.min(SHOWN, Math.floor(chars.length / 2));
  switch (style) {
    case 'redact':
      return chars.map(redactChar).join('');
    case 'show-last-4':
      return chars.map((char, i) => (i >= chars.length - shown ? char : redactChar(char))).join('');
    case 'show-first-4':
      return chars.map((char, i) => (i < shown ? char : redactChar(char))).join('');
    default: {
      const unreachable: never = style;
      throw new TypeError(`unknown mask style ${String(unreachable)}`);
    }
  }
}

function keyBytes(key: string | Uint8Array): number {
  return typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key.byteLength;
}

/** Tells whether a key is long enough to hash with. */
export function isUsableHashKey(key: string | Uint8Array | undefined): key is string | Uint8Array {
  return key !== undefined && keyBytes(key) >= MIN_HASH_KEY_BYTES;
}

const keysBySource = new WeakMap<HashKeySource, Map<string, KeyObject | undefined>>();
const MAX_KEYS_PER_SOURCE = 1024;

/**
 * The usable key `source` gives `partnerId`, ready for HMAC, or `undefined`
 * when it gives none or one too short to hash with. Asked once per source
 * and partner; the key is copied into a KeyObject (so HMAC does not prepare
 * it again for every value, and a caller that wipes its buffer after use
 * cannot turn the kept key into zeros). It goes when the source function goes.
 */
export function hashKeyFor(source: HashKeySource, partnerId: string): KeyObject | undefined {
  let keys = keysBySource.get(source);
  if (keys === undefined) {
    keys = new Map();
    keysBySource.set(source, keys);
  }
  if (keys.has(partnerId)) return keys.get(partnerId);
  const candidate = source(partnerId);
  const key = !isUsableHashKey(candidate)
    ? undefined
    : createSecretKey(
        typeof candidate === 'string' ? Buffer.from(candidate, 'utf8') : Buffer.from(candidate),
      );
  if (keys.size >= MAX_KEYS_PER_SOURCE) keys.clear();
  keys.set(partnerId, key);
  return key;
}

/**
 * `hmac:` + base64url of HMAC-SHA256 over the canonical JSON of the value,
 * so the number 7 and the string "7" hash differently. The same value gives
 * the same output for one key (a partner can link its own records) and
 * unrelated outputs under another partner's key (two partners cannot join).
 */
export function hmacValue(value: LeafValue, key: string | Uint8Array | KeyObject): string {
  return hmacOfCanonical(canonicalJson(value), key);
}

/** {@link hmacValue} of a value already in canonical JSON. @internal */
export function hmacOfCanonical(canonical: string, key: string | Uint8Array | KeyObject): string {
  return `hmac:${createHmac('sha256', key).update(canonical, 'utf8').digest('base64url')}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

function calendarDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = DATE.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects 2025-02-30 and the like, which Date would roll over silently.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/**
 * The age band for an age in whole years. 12–15 and 16–17 are split because
 * the law treats them differently (consent to treatment, school leaving,
 * child protection thresholds); adult bands follow common survey bands.
 */
export function ageBand(years: number): string {
  if (years < 12) return '0-11';
  if (years < 16) return '12-15';
  if (years < 18) return '16-17';
  if (years < 25) return '18-24';
  if (years < 35) return '25-34';
  if (years < 45) return '35-44';
  if (years < 55) return '45-54';
  if (years < 65) return '55-64';
  return '65+';
}

/** Whole years between a date of birth and an instant (UTC). */
export function ageInYears(birth: { year: number; month: number; day: number }, at: number): number {
  const now = new Date(at);
  const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  const hadBirthday = m > birth.month || (m === birth.month && d >= birth.day);
  return y - birth.year - (hadBirthday ? 0 : 1);
}

function generalizeDate(value: string, to: DateGeneralization, at: number): string | undefined {
  const date = calendarDate(value);
  if (date === undefined) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  switch (to) {
    case 'year':
      return String(date.year);
    case 'month':
      return `${date.year}-${pad(date.month)}`;
    case 'age-band': {
      const age = ageInYears(date, at);
      // A birth date after the decision time is an error in the data; a band
      // computed from it would be a made-up fact.
      return age < 0 ? undefined : ageBand(age);
    }
    default: {
      const unreachable: never = to;
      throw new TypeError(`unknown date generalization ${String(unreachable)}`);
    }
  }
}

function generalizeDateTime(value: string, to: DateTimeGeneralization): string | undefined {
  if (!DATE_TIME.test(value)) return undefined;
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return undefined;
  const iso = new Date(instant).toISOString();
  switch (to) {
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    default: {
      const unreachable: never = to;
      throw new TypeError(`unknown date-time generalization ${String(unreachable)}`);
    }
  }
}

/** The outcome of {@link generalizeValue}: a coarser value, or none for a value of another shape. */
export type Generalized = { readonly ok: true; readonly value: string | number } | { readonly ok: false };

/**
 * Coarsens a value as the action says: a calendar date to its year, month
 * or age band at `at`; a timestamp to its UTC day or month; a number
 * rounded to some decimals (a coordinate to about 1 km or 11 km). A value
 * the action has no rule for cannot be generalized, and the caller drops it.
 */
export function generalizeValue(
  value: LeafValue,
  action: Extract<Action, { type: 'generalize' }>,
  at: number,
): Generalized {
  if (typeof value === 'number') {
    if (action.number === undefined || !Number.isFinite(value)) return { ok: false };
    const rounded = Number(value.toFixed(action.number.decimals));
    // Avoids delivering "-0", which JSON prints as 0 anyway but reads oddly.
    return { ok: true, value: Object.is(rounded, -0) ? 0 : rounded };
  }
  if (typeof value === 'string') {
    if (action.date !== undefined) {
      const date = generalizeDate(value, action.date, at);
      if (date !== undefined) return { ok: true, value: date };
    }
    if (action.dateTime !== undefined) {
      const dateTime = generalizeDateTime(value, action.dateTime);
      if (dateTime !== undefined) return { ok: true, value: dateTime };
    }
  }
  return { ok: false };
}
