/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON
 * value, so that a hash or a signature over it can be recomputed by anyone,
 * in any language, from the data alone.
 *
 * Written here rather than taken from the `canonicalize` npm package, which
 * the project does not depend on; the scheme is small, and its two hard
 * parts are ECMAScript's own: numbers are serialised by Number::toString
 * (which is `String(n)` for finite numbers) and strings by JSON.stringify.
 * Property names are sorted by their UTF-16 code units, which is what
 * Array.prototype.sort does with strings by default.
 *
 * Pure: no Nest, no I/O.
 */

/** A JSON value as JSON.parse returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown when a value has no canonical form (not I-JSON, or not JSON at all). */
export class CanonicalizationError extends Error {
  constructor(
    message: string,
    /** A JSON pointer to the offending value. */
    readonly pointer: string,
  ) {
    super(`${message} at ${pointer || '/'}`);
    this.name = 'CanonicalizationError';
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

// String.prototype.isWellFormed (ES2024, V8 11.4): false when a string holds a lone surrogate.
const isWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed: (value: string) => boolean = isWellFormed
  ? (value) => isWellFormed.call(value)
  : (value) => !LONE_SURROGATE.test(value);

/**
 * The walk keeps the keys that lead to the value in hand (`path`) and makes
 * a JSON pointer of them only to name a refused value: building one per
 * value cost more than the serialising (the audit app's profile).
 */
function refuse(message: string, path: readonly (string | number)[]): never {
  throw new CanonicalizationError(message, path.map((key) => `/${escapePointer(String(key))}`).join(''));
}

function serializeString(value: string, path: (string | number)[]): string {
  // RFC 8785 §3.2.2.2: I-JSON strings must be valid Unicode; JSON.stringify
  // would escape a lone surrogate instead of refusing it.
  if (!wellFormed(value)) refuse('a string holds a lone surrogate', path);
  return JSON.stringify(value);
}

function serialize(value: unknown, path: (string | number)[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(`${value} is not a JSON number`, path);
      // Number::toString, as the RFC requires; it already writes -0 as "0".
      return String(value);
    case 'string':
      return serializeString(value, path);
    case 'object':
      break;
    default:
      return refuse(`a ${typeof value} is not a JSON value`, path);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      path.push(index);
      const item: unknown = value[index];
      if (item === undefined) refuse('undefined is not a JSON value', path);
      out += (index > 0 ? ',' : '') + serialize(item, path);
      path.pop();
    }
    return `${out}]`;
  }
  // A Date, a Buffer, a Map…: their JSON form depends on toJSON and friends, so no canonical one.
  // Checked by tag rather than prototype, so plain objects from another realm (a vm, structuredClone) pass.
  if (
    Object.prototype.toString.call(value) !== '[object Object]' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    refuse('only plain objects have a canonical form', path);
  }
  const record = value as Record<string, unknown>;
  // Property names in UTF-16 code unit order, which is what sort() does with strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    // Properties whose value is undefined are left out, as JSON.stringify does,
    // so an object built in code hashes like the same object read back from JSON.
    if (item === undefined) continue;
    path.push(key);
    out += `${first ? '' : ','}${serializeString(key, path)}:${serialize(item, path)}`;
    path.pop();
    first = false;
  }
  return `${out}}`;
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * @throws {CanonicalizationError} for NaN or ±Infinity, a lone surrogate in a
 *   string or a property name, undefined in an array, or anything that is not
 *   null, a boolean, a number, a string, an array or a plain object.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, []);
}
