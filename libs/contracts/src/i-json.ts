/**
 * I-JSON (RFC 7493): the subset of JSON that Beacon accepts from anyone.
 * JSON.parse admits two things I-JSON forbids, and both matter here:
 *
 * - a string (value or member name) holding a lone surrogate, written as an
 *   escape such as `"\ud800"`. It is not Unicode text: UTF-8 cannot encode
 *   it, so every later reader (Postgres, the audit's canonical JSON, another
 *   partner's parser) either refuses it or quietly turns it into U+FFFD,
 *   and two parties stop agreeing on what was said;
 * - a member name that occurs twice in one object. JSON.parse keeps the last
 *   silently, other parsers keep the first or fail, so a sender could show
 *   one value to a schema check and another to a downstream reader.
 *
 * Both are refused, with the JSON pointer of the offending string or member.
 *
 * The check is made after JSON.parse has accepted the text and without a
 * second parser: the parsed value is walked once (every string checked,
 * every member counted) and the text is scanned once for the colons that
 * separate member names from values. One colon per member in the text and
 * fewer members in the value means a name occurred twice. Only then does a
 * small scanner walk the text with pointers, to say where.
 *
 * Pure: no I/O.
 */

/** Where a JSON text stops being I-JSON and why. */
export interface IJsonViolation {
  /** A JSON pointer (RFC 6901) into the text's value: `""` for the value itself. */
  readonly pointer: string;
  readonly message: string;
}

interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

// ES2024 (V8 11.4, Node 20): native and far faster than a regular expression.
const isWellFormed = (value: string): boolean => (value as unknown as WellFormedString).isWellFormed();

/** The string with each lone surrogate replaced by U+FFFD, so that it can itself travel as text. */
export function toWellFormed(value: string): string {
  return (value as unknown as WellFormedString).toWellFormed();
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The first unpaired surrogate code unit of `value`, or -1. */
function loneSurrogateIn(value: string): number {
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
    }
    return unit;
  }
  return -1;
}

function loneSurrogateMessage(what: 'string' | 'member name', value: string): string {
  const unit = loneSurrogateIn(value).toString(16).toUpperCase();
  return `${what} contains a lone surrogate (U+${unit}); I-JSON (RFC 7493) requires valid Unicode`;
}

function duplicateMessage(name: string): string {
  const shown = toWellFormed(name.length > 50 ? `${name.slice(0, 50)}…` : name);
  return `member name ${JSON.stringify(shown)} occurs more than once in this object; I-JSON (RFC 7493) forbids duplicate names`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** The index of the quote that closes the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * How many members (name/value pairs) the objects of a JSON text hold in
 * all: the colons outside strings, since JSON uses a colon for nothing else.
 */
export function countMembersInText(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) i = stringEnd(text, i);
    else if (unit === COLON) count += 1;
  }
  return count;
}

/**
 * Walks a parsed value without recursion (a hostile body must not exhaust
 * the stack here): whether every string is well-formed, and how many members
 * its objects hold.
 */
function walk(value: unknown): { wellFormed: boolean; members: number } {
  let members = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (!isWellFormed(node)) return { wellFormed: false, members };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (!isWellFormed(key)) return { wellFormed: false, members };
      members += 1;
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return { wellFormed: true, members };
}

interface ObjectFrame {
  readonly kind: 'object';
  /** The pointer token that leads from the parent to this object; '' for the root. */
  readonly token: string;
  readonly names: Set<string>;
  name: string;
  expectName: boolean;
}
interface ArrayFrame {
  readonly kind: 'array';
  readonly token: string;
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

/** The token that leads from a container to the value being read in it. */
function tokenOfValue(frame: Frame | undefined): string {
  if (frame === undefined) return '';
  return frame.kind === 'array' ? String(frame.index) : escapePointer(toWellFormed(frame.name));
}

/**
 * The pointer of the value being read in the innermost container, plus
 * `last` if given. Made only for a violation: frames keep their own token,
 * so deep nesting costs linear time, not a pointer string per level.
 */
function pointerOf(stack: readonly Frame[], last?: string): string {
  const tokens = stack.slice(1).map((frame) => frame.token);
  if (last !== undefined) tokens.push(last);
  return tokens.map((token) => `/${token}`).join('');
}

const STRUCTURAL = new Set(['{', '}', '[', ']', ',', ':', '"']);

/**
 * Scans a JSON text for the first string with a lone surrogate or member
 * name that occurs twice in its object, in the order they appear, and names
 * it by JSON pointer. Total on any JSON text that JSON.parse accepts; it
 * builds no values, only the names and strings it must compare or check.
 * In a pointer, a lone surrogate of a member name is written as U+FFFD.
 */
export function findIJsonViolation(text: string): IJsonViolation | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const frame = stack[stack.length - 1];
    switch (char) {
      case '{':
        stack.push({
          kind: 'object',
          token: tokenOfValue(frame),
          names: new Set(),
          name: '',
          expectName: true,
        });
        i += 1;
        break;
      case '[':
        stack.push({ kind: 'array', token: tokenOfValue(frame), index: 0 });
        i += 1;
        break;
      case '}':
      case ']':
        stack.pop();
        i += 1;
        break;
      case ',':
        if (frame?.kind === 'array') frame.index += 1;
        else if (frame?.kind === 'object') frame.expectName = true;
        i += 1;
        break;
      case ':':
        if (frame?.kind === 'object') frame.expectName = false;
        i += 1;
        break;
      case '"': {
        const end = stringEnd(text, i);
        const raw = text.slice(i + 1, end);
        // Only a string with escapes needs decoding; JSON.parse of one string token is not a second parser.
        const value = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (frame?.kind === 'object' && frame.expectName) {
          if (!isWellFormed(value)) {
            return {
              pointer: pointerOf(stack, tokenOfValue({ ...frame, name: value })),
              message: loneSurrogateMessage('member name', value),
            };
          }
          if (frame.names.has(value)) {
            return { pointer: pointerOf(stack, escapePointer(value)), message: duplicateMessage(value) };
          }
          frame.names.add(value);
          frame.name = value;
        } else if (!isWellFormed(value)) {
          return {
            pointer: frame === undefined ? '' : pointerOf(stack, tokenOfValue(frame)),
            message: loneSurrogateMessage('string', value),
          };
        }
        i = end + 1;
        break;
      }
      default:
        // Whitespace, numbers, true, false, null: nothing to check.
        i += 1;
        while (i < text.length && !STRUCTURAL.has(text[i])) i += 1;
    }
  }
  return undefined;
}

/**
 * Whether `text`, which JSON.parse turned into `value`, is I-JSON as far as
 * strings and member names go: no lone surrogate in any string or name, no
 * name twice in one object. Undefined when it is; otherwise the first
 * violation in the text and its pointer. Never throws for a text JSON.parse
 * accepted. Numbers are left alone: JSON.parse already reads them as IEEE
 * doubles, which is what I-JSON asks senders to expect.
 */
export function checkIJson(text: string, value: unknown): IJsonViolation | undefined {
  const walked = walk(value);
  if (walked.wellFormed && walked.members === countMembersInText(text)) return undefined;
  return (
    findIJsonViolation(text) ?? {
      // Unreachable if the walk and the scanner agree; kept so a refusal is never silent.
      pointer: '',
      message: 'the body is not I-JSON (RFC 7493)',
    }
  );
}
