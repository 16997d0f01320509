/**
 * JSON Pointer (RFC 6901) helpers. Decision records name fields by pointer
 * into the source event, so the audit log can say which field went where
 * without ever holding its value.
 */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string): string {
  // Most keys need no escaping; skipping the replaces matters on the hot path.
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses {@link escapeToken}. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Splits a pointer into its unescaped tokens; `''` is the whole document.
 * Returns `undefined` for a string that is not a pointer, so callers fail
 * closed instead of guessing.
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const raw = pointer.slice(1).split('/');
  // A `~` not followed by 0 or 1 is not a valid escape.
  if (raw.some((token) => /~(?![01])/.test(token))) return undefined;
  return raw.map(unescapeToken);
}

/** Joins unescaped tokens into a pointer. */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${escapeToken(token)}`).join('');
}

/**
 * The value at `tokens` inside `document`, or `undefined`. Reads own
 * properties only, so a pointer like `/__proto__` never reaches the prototype.
 */
export function valueAt(document: unknown, tokens: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null) {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
