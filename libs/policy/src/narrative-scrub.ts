/**
 * Scrubbing of free text. A narrative is the one field where a reporter can
 * write anything, so before it reaches a recipient that may not see the
 * subject's identity or contact details, the subject's own identifiers (as
 * found elsewhere in the same event) and anything shaped like a phone
 * number, e-mail address or document number are replaced with tokens.
 *
 * Scrubbing is a safety net, not a guarantee: it cannot find a name the event
 * does not carry, or a nickname. Policies therefore still drop narratives for
 * sectors that need them least (see docs/policy-guide.md).
 */

/** The tokens scrubbed text can contain. */
export const SCRUB_TOKENS = [
  '[name]',
  '[phone]',
  '[email]',
  '[document]',
  '[identifier]',
  '[contact]',
] as const;
export type ScrubToken = (typeof SCRUB_TOKENS)[number];

/** One of the subject's own identifiers, with the token that replaces it. */
export interface OwnIdentifier {
  readonly value: string;
  readonly token: ScrubToken;
}

/** The scrubbed text and how many replacements of each token were made. */
export interface ScrubResult {
  readonly text: string;
  readonly replacements: Readonly<Partial<Record<ScrubToken, number>>>;
}

// An own identifier counts where no letter, digit or underscore of any
// script stands right before or after it: a word boundary that works for any
// script and for values that start or end with punctuation (+44…,
// …@example.org), unlike \b. See isWordCharacter.
// Characters people put between the digits of a number: spaces, dashes, dots, brackets, slashes.
const NUMBER_SEPARATORS = '[\\s\\-.()/\\u00a0]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const WHOLE_EMAIL = new RegExp(`^${EMAIL.source}$`, 'u');
// Seven to fifteen digits (E.164 allows fifteen), optionally led by +, with
// up to two separators between digits; an opening bracket before the number
// is left in place so the sentence around it keeps its shape.
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[ \u00a0\-.()]{0,2}\d){6,14}(?![\p{L}\p{N}])/gu;
// Dates look like phone numbers to PHONE; they are left for the date rules.
const DATE_LIKE = /^(?:\d{4}[-.]\d{2}[-.]\d{2}|\d{2}[-.]\d{2}[-.]\d{4})$/;
// A number right after the name of a document ("passport no. 123 456 789").
const DOCUMENT_AFTER_KEYWORD =
  /((?:passport|national\s+id|id\s+card|identity\s+card|residence\s+permit|work\s+permit|permit|visa|licen[cs]e|document|brp|ni)(?:\s+(?:no\.?|number|num\.?|#))?\s*[:#]?\s*)((?:[A-Za-z]{0,3}\d[A-Za-z0-9-]*)(?:\s\d[A-Za-z0-9-]*)*)/giu;
// Passport and ID card numbers: six to twenty capitals and digits, with at
// least one letter and two digits (AB1234567, P12345678, QQ123456C).
const DOCUMENT_SHAPE =
  /(?<![\p{L}\p{N}])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{6,20}(?![\p{L}\p{N}])/gu;

// Only syntax characters and `/` may be escaped in a `u` regular expression.
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

function escapeRegExp(text: string): string {
  let escaped = '';
  for (const char of text) escaped += SYNTAX.has(char) ? `\\${char}` : char;
  return escaped;
}

/**
 * How the characters of an identifier may be apart in the text: next to
 * each other, any run of number separators or none
 * (`[\s\-.()/\u00a0]*`), or one or more white-space characters (`\s+`).
 */
type Gap = 'none' | 'separators' | 'whitespace';

/** One character of an identifier as the text must show it, and what may come before it. */
interface Unit {
  readonly gap: Gap;
  /** The code point, matched case-insensitively; or `undefined` for an optional `+`. */
  readonly char: string | undefined;
  readonly codePoint: number;
}

/**
 * How one own identifier is found in a text. A value with four digits or
 * more is matched whatever separators the writer used between its
 * characters ("+44 7700-900 123" for "+447700900123"), a `+` being
 * optional; any other value is matched with any run of white space where
 * it has one. Letters match whatever their case.
 *
 * The rules are those of a regular expression (`(?<![\p{L}\p{N}_])` before,
 * `(?![\p{L}\p{N}_])` after, flags `iu`; longest identifier first) that
 * was built per event until a per-event compile of it was found to cost
 * about a millisecond: the matcher below walks the text itself, with the
 * same backtracking, and asks the regular-expression engine only the
 * questions whose answer does not depend on the event (is this character a
 * letter? does it fold to that one?), each compiled once.
 */
function ownIdentifierUnits(value: string): Unit[] | undefined {
  const trimmed = value.trim();
  // One character identifies nobody and would scrub every "a" in the text.
  if (codePoints(trimmed) < 2) return undefined;
  const units: Unit[] = [];
  if (asciiDigits(trimmed) >= 4) {
    for (const char of trimmed.replace(NUMBER_SEPARATORS_GLOBAL, '')) {
      const gap = units.length === 0 ? 'none' : 'separators';
      units.push(char === '+' ? { gap, char: undefined, codePoint: 0x2b } : unitOf(gap, char));
    }
    return units;
  }
  for (const part of trimmed.split(WHITESPACE_RUN)) {
    let gap: Gap = units.length === 0 ? 'none' : 'whitespace';
    for (const char of part) {
      units.push(unitOf(gap, char));
      gap = 'none';
    }
  }
  return units;
}

/** How many code points `text` has (a surrogate pair is one). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i += 1;
    n += 1;
  }
  return n;
}

/** How many of `0`–`9` `text` has (what `/\D/g` leaves). */
function asciiDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x30 && unit <= 0x39) n += 1;
  }
  return n;
}

const WHITESPACE_RUN = /\s+/u;

function unitOf(gap: Gap, char: string): Unit {
  return { gap, char, codePoint: char.codePointAt(0)! };
}

const NUMBER_SEPARATORS_GLOBAL = new RegExp(NUMBER_SEPARATORS, 'gu');

/** Questions about one character, answered by the engine that the old expression ran on, with the same flags. */
let wordCharacter: RegExp | undefined;
let separatorCharacter: RegExp | undefined;
let whitespaceCharacter: RegExp | undefined;
const foldsTo = new Map<string, RegExp>();
/** Characters of identifiers seen so far; a single character identifies nobody. */
const MAX_FOLDS = 4096;

function isAsciiWord(cp: number): boolean {
  return (
    (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f
  );
}

function isAsciiSpace(cp: number): boolean {
  return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
}

/** `[\p{L}\p{N}_]` under `iu`. */
function isWordCharacter(cp: number): boolean {
  if (cp < 0x80) return isAsciiWord(cp);
  wordCharacter ??= /^[\p{L}\p{N}_]$/iu;
  return wordCharacter.test(String.fromCodePoint(cp));
}

/** A character a gap may consist of. */
function inGap(gap: Gap, cp: number): boolean {
  if (gap === 'separators') {
    if (cp < 0x80)
      return isAsciiSpace(cp) || cp === 0x2d || cp === 0x2e || cp === 0x28 || cp === 0x29 || cp === 0x2f;
    separatorCharacter ??= new RegExp(`^${NUMBER_SEPARATORS}$`, 'iu');
    return separatorCharacter.test(String.fromCodePoint(cp));
  }
  if (cp < 0x80) return isAsciiSpace(cp);
  whitespaceCharacter ??= /^\s$/iu;
  return whitespaceCharacter.test(String.fromCodePoint(cp));
}

function lowerAscii(cp: number): number {
  return cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp;
}

/** Whether the text's code point matches the identifier's character under case folding (`iu`). */
function sameCharacter(unit: Unit, cp: number): boolean {
  if (cp === unit.codePoint) return true;
  if (cp < 0x80 && unit.codePoint < 0x80) return lowerAscii(cp) === lowerAscii(unit.codePoint);
  // Beyond ASCII, folding has its surprises (the Kelvin sign is a k, a long s an s): the engine decides.
  const char = unit.char!;
  let folds = foldsTo.get(char);
  if (folds === undefined) {
    folds = new RegExp(`^${escapeRegExp(char)}$`, 'iu');
    if (foldsTo.size >= MAX_FOLDS) foldsTo.clear();
    foldsTo.set(char, folds);
  }
  return folds.test(String.fromCodePoint(cp));
}

function codePointBefore(text: string, at: number): number | undefined {
  if (at === 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

function width(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/**
 * The end of a match of `units` from `i` on, starting at `at`, or -1; tries
 * the choices in the order a backtracking engine does (gaps longest first,
 * an optional `+` taken first), and accepts an end only where no letter,
 * digit or underscore follows.
 */
function matchUnits(units: readonly Unit[], i: number, at: number, text: string): number {
  if (i === units.length) {
    return at < text.length && isWordCharacter(text.codePointAt(at)!) ? -1 : at;
  }
  const unit = units[i]!;
  if (unit.gap === 'none') return matchUnit(units, i, at, text);
  // Gap characters are all in the BMP: one code unit each.
  let end = at;
  while (end < text.length && inGap(unit.gap, text.charCodeAt(end))) end += 1;
  const least = unit.gap === 'whitespace' ? at + 1 : at;
  for (let from = end; from >= least; from--) {
    const matched = matchUnit(units, i, from, text);
    if (matched >= 0) return matched;
  }
  return -1;
}

function matchUnit(units: readonly Unit[], i: number, at: number, text: string): number {
  const unit = units[i]!;
  if (unit.char === undefined) {
    if (text.charCodeAt(at) === 0x2b) {
      const matched = matchUnits(units, i + 1, at + 1, text);
      if (matched >= 0) return matched;
    }
    return matchUnits(units, i + 1, at, text);
  }
  if (at >= text.length) return -1;
  const cp = text.codePointAt(at)!;
  return sameCharacter(unit, cp) ? matchUnits(units, i + 1, at + width(cp), text) : -1;
}

interface OwnMatcher {
  readonly identifier: OwnIdentifier;
  readonly units: readonly Unit[];
}

/**
 * Replaces every own identifier in `text`, left to right, the first
 * identifier (longest first) that matches at a place winning, and counts
 * each replacement.
 */
function replaceOwn(
  text: string,
  own: readonly OwnMatcher[],
  replacements: Partial<Record<ScrubToken, number>>,
): string {
  let result = '';
  let copied = 0;
  let at = 0;
  while (at < text.length) {
    const cp = text.codePointAt(at)!;
    let end = -1;
    let token: ScrubToken | undefined;
    for (const { identifier, units } of own) {
      const first = units[0]!;
      // Cheap refusals first: most places start no identifier at all.
      if (first.char !== undefined && !sameCharacter(first, cp)) continue;
      const before = codePointBefore(text, at);
      if (before !== undefined && isWordCharacter(before)) break;
      end = matchUnits(units, 0, at, text);
      if (end >= 0) {
        token = identifier.token;
        break;
      }
    }
    if (token === undefined) {
      at += width(cp);
      continue;
    }
    count(replacements, token);
    result += text.slice(copied, at) + token;
    copied = end;
    at = end;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function count(replacements: Partial<Record<ScrubToken, number>>, token: ScrubToken): void {
  replacements[token] = (replacements[token] ?? 0) + 1;
}

/** Scrubs one text; made by {@link compileScrubber}. */
export type Scrubber = (text: string) => ScrubResult;

/**
 * Prepares a scrubber for one event's identifiers: each is turned into a
 * matcher once, however many narratives the event has (no regular
 * expression is compiled per event). Nothing outlives the scrubber, so no
 * identifier stays in memory after the decision that needed it.
 */
export function compileScrubber(ownIdentifiers: readonly OwnIdentifier[]): Scrubber {
  // Longest first: at any position the longest identifier is tried before
  // a shorter one that starts the same way ("Mary Ann" before "Mary").
  // The same value often sits at two paths (the subject id in the data and on the envelope).
  const distinct = new Map(
    ownIdentifiers.map((identifier) => [identifier.value.trim().toLowerCase(), identifier]),
  );
  const own = [...distinct.values()]
    .map((identifier) => ({ identifier, units: ownIdentifierUnits(identifier.value) }))
    .filter((entry): entry is { identifier: OwnIdentifier; units: Unit[] } => entry.units !== undefined)
    .sort((a, b) => b.identifier.value.length - a.identifier.value.length);

  return (text) => {
    const replacements: Partial<Record<ScrubToken, number>> = {};
    // E-mail addresses first: their local part often holds a name ("ana.p@…"),
    // and a name scrubbed inside one would leave the rest of the address behind.
    let result = text.replace(EMAIL, () => {
      count(replacements, '[email]');
      return '[email]';
    });
    if (own.length > 0) result = replaceOwn(result, own, replacements);
    result = result.replace(DOCUMENT_AFTER_KEYWORD, (_match, keyword: string) => {
      count(replacements, '[document]');
      return `${keyword}[document]`;
    });
    result = result.replace(PHONE, (match) => {
      if (DATE_LIKE.test(match)) return match;
      count(replacements, '[phone]');
      return '[phone]';
    });
    result = result.replace(DOCUMENT_SHAPE, () => {
      count(replacements, '[document]');
      return '[document]';
    });
    return { text: result, replacements };
  };
}

/** An identity or contact value found in an event, before its scrub token is known. */
export interface FoundIdentifier {
  readonly path: string;
  readonly category: 'identity' | 'contact';
  readonly value: string;
}

interface SharedScrubber {
  readonly found: readonly FoundIdentifier[];
  readonly subject: string | undefined;
  readonly scrub: Scrubber;
}

const scrubbersByEvent = new WeakMap<object, SharedScrubber[]>();
/** Identifier sets per event (recipients differ in what they see: identity, contact, both) and texts per set. */
const MAX_SCRUBBERS_PER_EVENT = 8;
const MAX_TEXTS_PER_SCRUBBER = 32;

function sameFound(a: readonly FoundIdentifier[], b: readonly FoundIdentifier[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.value !== y.value || x.category !== y.category || x.path !== y.path) return false;
  }
  return true;
}

/**
 * The scrubber for the identifiers found in one event (in document order)
 * and, when the recipient may not see identity, the subject id; shared by
 * the decisions about that event. Every recipient that sees neither
 * identity nor contact needs the same scrubber over the same narratives, so
 * its expression is compiled, and each narrative scrubbed, once per event
 * rather than once per recipient.
 *
 * The cache hangs off `anchor` (the event's data) and goes when the event
 * goes, so no identifier outlives the event it came from. It is matched on
 * the identifiers and texts themselves, never on where they came from, so
 * an event changed in place cannot be scrubbed with stale identifiers.
 * The results are frozen: several records share them.
 */
export function eventScrubber(
  anchor: object,
  found: readonly FoundIdentifier[],
  subject: string | undefined,
): Scrubber {
  let shared = scrubbersByEvent.get(anchor);
  if (shared === undefined) {
    shared = [];
    scrubbersByEvent.set(anchor, shared);
  }
  for (const entry of shared) {
    if (entry.subject === subject && sameFound(entry.found, found)) return entry.scrub;
  }
  const own: OwnIdentifier[] = found.map(({ path, category, value }) => ({
    value,
    token: tokenFor(path, category, value),
  }));
  if (subject !== undefined) own.push({ value: subject, token: '[identifier]' });
  const compiled = compileScrubber(own);
  const results = new Map<string, ScrubResult>();
  const scrub: Scrubber = (text) => {
    let result = results.get(text);
    if (result === undefined) {
      const fresh = compiled(text);
      result = Object.freeze({ text: fresh.text, replacements: Object.freeze(fresh.replacements) });
      if (results.size >= MAX_TEXTS_PER_SCRUBBER) results.clear();
      results.set(text, result);
    }
    return result;
  };
  if (shared.length >= MAX_SCRUBBERS_PER_EVENT) shared.length = 0;
  shared.push({ found: [...found], subject, scrub });
  return scrub;
}

/**
 * Replaces the subject's own identifiers (case-insensitive, whole words,
 * numbers whatever their separators) and anything shaped like an e-mail
 * address, phone number or document number with tokens.
 */
export function scrubNarrative(text: string, ownIdentifiers: readonly OwnIdentifier[]): ScrubResult {
  return compileScrubber(ownIdentifiers)(text);
}

/**
 * The token for an identifier found at `path` of a category: by shape first
 * (an e-mail is an e-mail wherever it sits), then by the field's name.
 */
export function tokenFor(path: string, category: 'identity' | 'contact', value: string): ScrubToken {
  const trimmed = value.trim();
  if (WHOLE_EMAIL.test(trimmed)) return '[email]';
  const field = path.toLowerCase();
  if (/phone|mobile|tel/.test(field)) return '[phone]';
  if (/document|passport|licen[cs]e|permit|visa/.test(field) || /\/number$/.test(field)) return '[document]';
  if (/name|alias/.test(field)) return '[name]';
  if (/^\+?[\d\s\-.()]{7,}$/.test(trimmed)) return '[phone]';
  return category === 'contact' ? '[contact]' : '[identifier]';
}
