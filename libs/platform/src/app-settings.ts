import { readFileSync } from 'node:fs';
import { parseBrokerList, type KafkaTls } from '@beacon/messaging';
import { ConfigError, env, readEnv, type EnvSpec, type EnvValues } from './env-spec';

/** Settings every Beacon app reads: where it listens, logs, and reaches Kafka. */
export function baseSpec(defaultPort: number) {
  return {
    PORT: env.port(defaultPort),
    HOST: env.string('an address to listen on', '127.0.0.1'),
    LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    KAFKA_BROKERS: env.custom('a comma-separated list of host:port, e.g. 127.0.0.1:9092', (raw) => {
      parseBrokerList(raw);
      return raw;
    }),
    KAFKA_CLIENT_ID: env.optional(env.string()),
    KAFKA_SASL_MECHANISM: env.optional(env.oneOf(['plain', 'scram-sha-256', 'scram-sha-512'])),
    KAFKA_SASL_USERNAME: env.optional(env.string()),
    KAFKA_SASL_PASSWORD: env.optional(env.string()),
    /** TLS to the brokers, verified; `false` only for a cluster that offers no TLS listener. */
    KAFKA_SSL: env.bool(true),
    /** The CA certificates (PEM) that sign the brokers' certificates; absent: the system's trust store. */
    KAFKA_SSL_CA_FILE: env.optional(
      pemFile('the path of a PEM file with the CA certificate of the Kafka brokers', 'CERTIFICATE'),
    ),
    BEACON_TOPIC_NAMESPACE: env.custom(
      '1-31 lower-case letters, digits or hyphens',
      (raw) => {
        if (!/^[a-z][a-z0-9-]{0,30}$/.test(raw)) throw new Error(`"${raw}" is not a valid topic namespace`);
        return raw;
      },
      'beacon',
    ),
    KAFKA_TOPIC_PARTITIONS: env.int(1, 1000, 3),
    KAFKA_REPLICATION_FACTOR: env.int(1, 16, 1),
  } satisfies EnvSpec;
}

/**
 * A setting naming a PEM file (a certificate or a private key), checked at
 * start: a wrong path stops the app with the setting's name instead of
 * surfacing later as a failed TLS handshake. Its value is the path.
 */
export function pemFile(expected: string, kind: 'CERTIFICATE' | 'PRIVATE KEY') {
  return env.custom(expected, (path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`"${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const marker =
      kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
    if (!marker.test(text)) throw new Error(`"${path}" holds no PEM ${kind.toLowerCase()}`);
    return path;
  });
}

/** The line every app logs at start when its Kafka traffic is not encrypted. */
export const PLAINTEXT_KAFKA_WARNING =
  'KAFKA_SSL=false: Kafka traffic to and from this app is NOT encrypted; anyone on the network path ' +
  'can read the events, including personal data. Use it only with a broker that offers no TLS listener, ' +
  'on a network you trust.';

/**
 * KAFKA_SSL and KAFKA_SSL_CA_FILE read and checked exactly as an app reads
 * them, for the tools that connect outside an app (provisioning, the CLI).
 */
export function kafkaTlsFromEnv(source: Record<string, string | undefined>): KafkaTls {
  const { KAFKA_SSL, KAFKA_SSL_CA_FILE } = baseSpec(0);
  const settings = readEnv({ KAFKA_SSL, KAFKA_SSL_CA_FILE }, source);
  if (!settings.KAFKA_SSL) return false;
  return settings.KAFKA_SSL_CA_FILE ? { caFile: settings.KAFKA_SSL_CA_FILE } : {};
}

/** Settings of an app that keeps state in Postgres. */
export const databaseSpec = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  DATABASE_SCHEMA: env.optional(env.identifier()),
  /** The role that owns the app's schema and runs its migrations, when the app itself runs as a narrower one. */
  DATABASE_MIGRATION_URL: env.optional(env.url(['postgres', 'postgresql'])),
} satisfies EnvSpec;

/** Settings of an app that answers HTTP requests with Beacon bearer tokens (see `AuthModule.fromSettings`). */
/** The sector policy file a deciding service reads (redaction for deliveries, referrals for its answers). */
export const policyFileSetting = () =>
  env.string('the path of a sector policy file', 'config/policies/beacon-default.v1.json');

/**
 * What every service that decides with the sector policy needs besides the
 * policy: the secret the per-recipient hash keys derive from (one value for
 * every such service, so a partner sees one hash of a value in deliveries and
 * in API answers; rotating it changes every hash), and the schema of the
 * consent tables the gateway owns (read only, as `beacon_consent_reader`).
 */
export const decisionSpec = {
  REDACTION_HASH_SECRET: env.custom('a secret of at least 32 characters', (raw) => {
    if (raw.length < 32) throw new Error(`is ${raw.length} characters long`);
    return raw;
  }),
  CONSENT_SCHEMA: env.identifier('gateway'),
} satisfies EnvSpec;

export const authSpec = {
  AUTH_JWKS_FILE: env.string('the path of a JWKS file with the token-signing public keys'),
  AUTH_ISSUER: env.string('the expected iss claim of access tokens'),
  AUTH_AUDIENCE: env.string('the expected aud claim of access tokens', 'beacon'),
  AUTH_CLOCK_SKEW_SECONDS: env.int(0, 300, 30),
} satisfies EnvSpec;

/**
 * Reads an app's settings and checks the rules that span settings (SASL
 * needs a user name and a password).
 */
export function readAppSettings<S extends EnvSpec>(
  spec: S,
  source: Record<string, string | undefined>,
): EnvValues<S> {
  const problems: ConfigError['problems'] = [];
  let values: EnvValues<S> | undefined;
  try {
    values = readEnv(spec, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if ('KAFKA_SASL_MECHANISM' in spec && source.KAFKA_SASL_MECHANISM) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
      if (!source[name])
        problems.push({ name, problem: 'is missing; it is required when KAFKA_SASL_MECHANISM is set' });
    }
  }
  if (problems.length > 0 || values === undefined) throw new ConfigError(problems);
  return values;
}
