/**
 * Typed, validated settings from the environment. Pure: no Nest, no I/O, so
 * an app can check its settings before it opens a single connection, and stop
 * with one line that names the setting and what is wrong with it.
 */

export interface Setting<T> {
  /** What a good value looks like, for the error message. */
  readonly expected: string;
  readonly optional: boolean;
  parse(raw: string): T;
  readonly fallback?: T;
}

type Parsed<S> = S extends Setting<infer T> ? T : never;
export type EnvSpec = Record<string, Setting<unknown>>;
export type EnvValues<S extends EnvSpec> = {
  [K in keyof S]: S[K] extends { optional: true; fallback?: undefined }
    ? Parsed<S[K]> | undefined
    : Parsed<S[K]>;
};

/** Thrown when one or more settings are missing or wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: { name: string; problem: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.name} ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

function setting<T>(expected: string, parse: (raw: string) => T, fallback?: T): Setting<T> {
  return { expected, parse, fallback, optional: fallback !== undefined };
}

function optional<T>(base: Setting<T>): Setting<T | undefined> {
  return { expected: base.expected, parse: base.parse, optional: true };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Builders for the kinds of settings Beacon uses. */
export const env = {
  string: (expected = 'a non-empty string', fallback?: string) =>
    setting(
      expected,
      (raw) => {
        if (raw.trim() === '') throw new Error('is empty');
        return raw;
      },
      fallback,
    ),
  port: (fallback?: number) =>
    setting(
      'a TCP port between 0 and 65535',
      (raw) => {
        if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`"${raw}" is not a port number`);
        return Number(raw);
      },
      fallback,
    ),
  int: (min: number, max: number, fallback?: number) =>
    setting(
      `an integer from ${min} to ${max}`,
      (raw) => {
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || value < min || value > max)
          throw new Error(`"${raw}" is not an integer from ${min} to ${max}`);
        return value;
      },
      fallback,
    ),
  bool: (fallback?: boolean) =>
    setting(
      'true or false',
      (raw) => {
        if (raw === 'true' || raw === '1') return true;
        if (raw === 'false' || raw === '0') return false;
        throw new Error(`"${raw}" is not true or false`);
      },
      fallback,
    ),
  oneOf: <const V extends string>(values: readonly V[], fallback?: V) =>
    setting(
      `one of ${values.join(', ')}`,
      (raw) => {
        if (!(values as readonly string[]).includes(raw))
          throw new Error(`"${raw}" is not one of ${values.join(', ')}`);
        return raw as V;
      },
      fallback,
    ),
  url: (protocols: readonly string[], fallback?: string) =>
    setting(
      `a URL (${protocols.join(' or ')})`,
      (raw) => {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error('is not a URL');
        }
        if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
          throw new Error(`has protocol "${url.protocol}", expected ${protocols.join(' or ')}`);
        }
        return raw;
      },
      fallback,
    ),
  identifier: (fallback?: string) =>
    setting(
      'a lower-case SQL identifier',
      (raw) => {
        if (!IDENTIFIER.test(raw))
          throw new Error(`"${raw}" is not a lower-case identifier ([a-z_][a-z0-9_]*)`);
        return raw;
      },
      fallback,
    ),
  custom: <T>(expected: string, parse: (raw: string) => T, fallback?: T) =>
    setting(expected, parse, fallback),
  /** The name of one instance of a scaled-out app; it names its transactional id, so it must be stable. */
  instanceId: (fallback = '0') =>
    setting(
      'a short name of letters, digits or hyphens',
      (raw) => {
        if (!/^[a-z0-9-]{1,40}$/.test(raw))
          throw new Error(`"${raw}" is not a short name of letters, digits or hyphens`);
        return raw;
      },
      fallback,
    ),
  optional,
};

/**
 * Reads and checks every setting of `spec` from `source`. Collects every
 * problem before throwing, so one run names all of them.
 */
export function readEnv<S extends EnvSpec>(
  spec: S,
  source: Record<string, string | undefined>,
): EnvValues<S> {
  const problems: { name: string; problem: string }[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(spec)) {
    const raw = source[name];
    if (raw === undefined || raw === '') {
      if (rule.fallback !== undefined) values[name] = rule.fallback;
      else if (!rule.optional) problems.push({ name, problem: `is missing; expected ${rule.expected}` });
      continue;
    }
    try {
      values[name] = rule.parse(raw);
    } catch (error) {
      problems.push({ name, problem: `${(error as Error).message}; expected ${rule.expected}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as EnvValues<S>;
}
