/**
 * What an end-to-end suite needs from the run: the broker, the database and
 * the principals that `scripts/test.ts` started, read from the file it
 * names in BEACON_TEST_STACK. Each suite then makes its own namespace
 * (topics and ACLs) and its own database schemas, so suites run in any order
 * and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka, deleteNamespaceTopics, type BeaconApp } from '@beacon/messaging';
import { loadPartners, provision, type PartnerEntry } from '../../scripts/provision';
import { freePort } from '../../scripts/lib/free-port';
import type { DatabaseAccess, DatabaseApp } from '../../scripts/lib/database-roles';
import { APPS_WITH_HTTP_AUTH, localIssuer, type LocalIssuer } from '../../scripts/lib/issuer';
import {
  appEnvironment,
  spawnApp,
  waitHealthy,
  type KafkaAccess,
  type RunningApp,
} from '../../scripts/lib/stack';

export interface TestStack {
  kafka: {
    brokers: string[];
    external: boolean;
    admin: KafkaAccess;
    apps: Record<BeaconApp, KafkaAccess>;
    partners: Record<string, KafkaAccess>;
  };
  /** The superuser (or, with an external DATABASE_URL, its role) on Beacon's database. */
  databaseUrl: string;
  /** Each app's own database role and URL, and the migrating role where it differs (see scripts/lib/database-roles.ts). */
  database: DatabaseAccess;
  runDir: string;
}

/** The run's stack; fails with a clear message outside `npm test`. */
export function loadTestStack(): TestStack {
  const file = process.env.BEACON_TEST_STACK;
  if (!file) {
    throw new Error(
      'BEACON_TEST_STACK is not set: run end-to-end suites through `npm test`, which starts Kafka and Postgres',
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as TestStack;
}

/** A fresh, unique name for a suite's topics and schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A kafkajs client acting as the given principal. */
export function kafkaAs(access: KafkaAccess, clientId: string): Kafka {
  return createKafka({ clientId, ...access });
}

/** The CA file a principal's client trusts for the run's broker (the broker `npm test` starts always has one). */
export function caFile(access: KafkaAccess): string {
  if (access.tls === false || !access.tls.caFile)
    throw new Error('this suite needs the TLS broker that npm test starts, with its local CA');
  return access.tls.caFile;
}

/** A suite's own Kafka namespace: topics and ACLs created, deleted at the end. */
export class SuiteNamespace {
  readonly admin: Admin;

  private constructor(
    readonly stack: TestStack,
    readonly namespace: string,
    readonly partnerIds: string[],
  ) {
    this.admin = kafkaAs(stack.kafka.admin, `${namespace}-admin`).admin();
  }

  static async create(stack: TestStack, partnerIds: string[], partitions = 3): Promise<SuiteNamespace> {
    const ns = new SuiteNamespace(stack, uniqueName('t'), partnerIds);
    await ns.admin.connect();
    const known = new Map(loadPartners().map((p) => [p.id, p]));
    const partners: PartnerEntry[] = partnerIds.map((id) => known.get(id) ?? { id, name: id, sector: 'ngo' });
    await provision(kafkaAs(stack.kafka.admin, `${ns.namespace}-provision`), ns.admin, {
      namespace: ns.namespace,
      partners,
      partitions,
      replicationFactor: 1,
      acls: !stack.kafka.external,
    });
    return ns;
  }

  async dispose(): Promise<void> {
    await deleteNamespaceTopics(this.admin, this.namespace);
    await this.admin.disconnect();
  }
}

/**
 * The run's token issuer (its key was made by `scripts/test.ts`): apps that
 * {@link startApp} starts trust it, so `testIssuer(stack).mint(…)` gives a
 * suite tokens for any partner, sector and role.
 */
export function testIssuer(stack: TestStack): LocalIssuer {
  return localIssuer(join(stack.runDir, 'keys'));
}

const hashSecrets = new Map<string, string>();

/**
 * The hash secret of a suite's namespace: redaction and referrals share it,
 * as they do in a deployment, so a partner's referral answers carry the same
 * subject-id hash as its deliveries.
 */
export function hashSecretOf(namespace: string): string {
  let secret = hashSecrets.get(namespace);
  if (secret === undefined) {
    secret = randomBytes(32).toString('hex');
    hashSecrets.set(namespace, secret);
  }
  return secret;
}

/** Runs one app as a real process against the run's broker and database. */
export async function startApp(
  stack: TestStack,
  app: BeaconApp,
  namespace: string,
  extra: Record<string, string> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const issuer = testIssuer(stack);
  const env = appEnvironment(app, stack, {
    ...(APPS_WITH_HTTP_AUTH.has(app)
      ? { AUTH_JWKS_FILE: issuer.jwksFile, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience }
      : {}),
    PORT: String(port),
    LOG_LEVEL: 'info',
    BEACON_TOPIC_NAMESPACE: namespace,
    DATABASE_SCHEMA: `${namespace}_${app}`,
    ...(app === 'redaction' || app === 'referrals'
      ? { REDACTION_HASH_SECRET: hashSecretOf(namespace), CONSENT_SCHEMA: `${namespace}_gateway` }
      : {}),
    ...(app === 'gateway' ? { RELATIONSHIP_SCHEMA: `${namespace}_redaction` } : {}),
    ...extra,
  });
  const running = spawnApp(app, env, join(stack.runDir, 'logs', namespace));
  await waitHealthy(running, 60_000);
  return running;
}

/**
 * Runs queries as the run's database admin (the embedded Postgres's
 * superuser): it may read and change every app's schema, and it is refused
 * only what a trigger refuses to everyone.
 */
export async function withDatabase<T>(stack: TestStack, use: (client: Client) => Promise<T>): Promise<T> {
  return withDatabaseUrl(stack.databaseUrl, use);
}

/**
 * Runs queries as an app's own database role — what that app may do and no
 * more — or, with `migration`, as the role that migrates its schema.
 */
export async function withDatabaseAs<T>(
  stack: TestStack,
  app: DatabaseApp,
  use: (client: Client) => Promise<T>,
  options: { migration?: boolean } = {},
): Promise<T> {
  const access = stack.database.apps[app];
  return withDatabaseUrl(options.migration ? (access.migrationUrl ?? access.url) : access.url, use);
}

async function withDatabaseUrl<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Headers carrying a short-lived token of an auditor (of the operator's own organisation). */
export function auditorHeaders(stack: TestStack): Record<string, string> {
  const token = testIssuer(stack).mint(
    { subject: 'auditor-1', partnerId: 'beacon', sector: 'beacon', roles: ['auditor'] },
    600,
  );
  return { authorization: `Bearer ${token}` };
}
