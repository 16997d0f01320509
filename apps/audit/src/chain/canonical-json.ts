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

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function serializeString(value: string, pointer: string): string {
  // RFC 8785 §3.2.2.2: I-JSON strings must be valid Unicode; JSON.stringify
  // would escape a lone surrogate instead of refusing it.
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError('a string holds a lone surrogate', pointer);
  return JSON.stringify(value);
}

function serialize(value: unknown, pointer: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${value} is not a JSON number`, pointer);
      // Number::toString, as the RFC requires; it already writes -0 as "0".
      out.push(String(value));
      return;
    case 'string':
      out.push(serializeString(value, pointer));
      return;
    case 'object':
      break;
    default:
      throw new CanonicalizationError(`a ${typeof value} is not a JSON value`, pointer);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      if (item === undefined)
        throw new CanonicalizationError('undefined is not a JSON value', `${pointer}/${index}`);
      serialize(item, `${pointer}/${index}`, out);
    });
    out.push(']');
    return;
  }
  // A Date, a Buffer, a Map…: their JSON form depends on toJSON and friends, so no canonical one.
  // Checked by tag rather than prototype, so plain objects from another realm (a vm, structuredClone) pass.
  if (
    Object.prototype.toString.call(value) !== '[object Object]' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    throw new CanonicalizationError('only plain objects have a canonical form', pointer);
  }
  const record = value as Record<string, unknown>;
  // Properties whose value is undefined are left out, as JSON.stringify does,
  // so an object built in code hashes like the same object read back from JSON.
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, index) => {
    const at = `${pointer}/${escapePointer(key)}`;
    if (index > 0) out.push(',');
    out.push(serializeString(key, at), ':');
    serialize(record[key], at, out);
  });
  out.push('}');
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * @throws {CanonicalizationError} for NaN or ±Infinity, a lone surrogate in a
 *   string or a property name, undefined in an array, or anything that is not
 *   null, a boolean, a number, a string, an array or a plain object.
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  serialize(value, '', out);
  return out.join('');
}
