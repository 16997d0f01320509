import { checkIJson } from '@beacon/contracts';

/**
 * Parses untrusted JSON bytes from a partner without letting them hurt the
 * reader: the size is bounded before parsing, bytes must be valid UTF-8,
 * nesting is bounded (deep nesting costs stack in every later walker), keys
 * that could reach an object's prototype are refused outright, and the text
 * must be I-JSON (RFC 7493): no lone surrogate in any string or member name,
 * no member name twice in one object.
 */

export interface JsonLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of objects and arrays accepted. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 1024 * 1024, maxDepth: 32 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; pointer: string; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Whether every node is within the depth limit and no key is forbidden. It
 * makes no pointers: nearly every body passes, and building a pointer per
 * node cost more than the parse (profiles of intake, redaction and audit).
 */
function acceptable(node: unknown, maxDepth: number, depth: number): boolean {
  if (node === null || typeof node !== 'object') return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(node)) {
    for (const child of node) if (!acceptable(child, maxDepth, depth + 1)) return false;
    return true;
  }
  for (const key in node) {
    if (FORBIDDEN_KEYS.has(key)) return false;
    if (!acceptable((node as Record<string, unknown>)[key], maxDepth, depth + 1)) return false;
  }
  return true;
}

/** Finds the first node deeper than the limit or holding a forbidden key, and where it is. */
function inspect(value: unknown, limits: JsonLimits): { pointer: string; message: string } | undefined {
  const stack: { node: unknown; pointer: string; depth: number }[] = [{ node: value, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, pointer, depth } = stack.pop() as { node: unknown; pointer: string; depth: number };
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limits.maxDepth) {
      return { pointer: pointer || '/', message: `nesting is deeper than ${limits.maxDepth} levels` };
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, pointer: `${pointer}/${i}`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(node)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (FORBIDDEN_KEYS.has(key)) return { pointer: at, message: `the key "${key}" is not allowed` };
      stack.push({ node: (node as Record<string, unknown>)[key], pointer: at, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Parses `bytes` as JSON within `limits`. Never throws; a refusal says what
 * is wrong and where (a JSON pointer into the body, or `/data` for the body
 * as a whole).
 */
export function parseJsonSafely(
  bytes: Buffer | string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): SafeJsonResult {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > limits.maxBytes) {
    return {
      ok: false,
      pointer: '/data',
      message: `the body is ${size} bytes; at most ${limits.maxBytes} are accepted`,
    };
  }
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    return { ok: false, pointer: '/data', message: 'the body is not valid UTF-8' };
  }
  let value: unknown;
  try {
    // JSON.parse creates "__proto__" as an own property (no prototype change); inspect() refuses it anyway.
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, pointer: '/data', message: `the body is not JSON: ${(error as Error).message}` };
  }
  const problem =
    (acceptable(value, limits.maxDepth, 0) ? undefined : inspect(value, limits)) ?? checkIJson(text, value);
  if (problem)
    return {
      ok: false,
      pointer: `/data${problem.pointer === '/' ? '' : problem.pointer}`,
      message: problem.message,
    };
  return { ok: true, value };
}
