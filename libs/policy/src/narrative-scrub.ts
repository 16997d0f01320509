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

// Word boundaries that work for any script and for values that start or end
// with punctuation (+44…, …@example.org), unlike \b.
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
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
 * The pattern for one own identifier. A value with four digits or more is
 * matched whatever separators the writer used between its characters
 * ("+44 7700-900 123" for "+447700900123"); any other value is matched with
 * any run of white space where it has one.
 */
function ownIdentifierPattern(value: string): string | undefined {
  const trimmed = value.trim();
  // One character identifies nobody and would scrub every "a" in the text.
  if ([...trimmed].length < 2) return undefined;
  const digits = trimmed.replace(/\D/g, '').length;
  if (digits >= 4) {
    const chars = [...trimmed.replace(new RegExp(NUMBER_SEPARATORS, 'gu'), '')];
    const core = chars
      .map((char) => (char === '+' ? '\\+?' : escapeRegExp(char)))
      .join(`${NUMBER_SEPARATORS}*`);
    return core;
  }
  return trimmed
    .split(/\s+/u)
    .map((part) => escapeRegExp(part))
    .join('\\s+');
}

function count(replacements: Partial<Record<ScrubToken, number>>, token: ScrubToken): void {
  replacements[token] = (replacements[token] ?? 0) + 1;
}

/** Scrubs one text; made by {@link compileScrubber}. */
export type Scrubber = (text: string) => ScrubResult;

/**
 * Prepares a scrubber for one event's identifiers: their patterns are
 * compiled into one expression, once, however many narratives the event
 * has. Nothing outlives the scrubber, so no identifier stays in memory
 * after the decision that needed it.
 */
export function compileScrubber(ownIdentifiers: readonly OwnIdentifier[]): Scrubber {
  // Longest first: at any position the alternation tries the longest
  // identifier before a shorter one that starts the same way ("Mary Ann" before "Mary").
  // The same value often sits at two paths (the subject id in the data and on the envelope).
  const distinct = new Map(
    ownIdentifiers.map((identifier) => [identifier.value.trim().toLowerCase(), identifier]),
  );
  const own = [...distinct.values()]
    .map((identifier) => ({ identifier, pattern: ownIdentifierPattern(identifier.value) }))
    .filter((entry): entry is { identifier: OwnIdentifier; pattern: string } => entry.pattern !== undefined)
    .sort((a, b) => b.identifier.value.length - a.identifier.value.length);
  const combined =
    own.length === 0
      ? undefined
      : new RegExp(`${BEFORE}(?:${own.map((entry) => `(${entry.pattern})`).join('|')})${AFTER}`, 'giu');

  return (text) => {
    const replacements: Partial<Record<ScrubToken, number>> = {};
    // E-mail addresses first: their local part often holds a name ("ana.p@…"),
    // and a name scrubbed inside one would leave the rest of the address behind.
    let result = text.replace(EMAIL, () => {
      count(replacements, '[email]');
      return '[email]';
    });
    if (combined !== undefined) {
      result = result.replace(combined, (...args: unknown[]) => {
        // args: the match, then one capture per identifier; the one that matched is defined.
        const index = args.slice(1, own.length + 1).findIndex((group) => group !== undefined);
        const token = own[index]?.identifier.token ?? '[identifier]';
        count(replacements, token);
        return token;
      });
    }
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
