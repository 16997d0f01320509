/**
 * The pieces `npm start` and `npm test` share: start (or adopt) Kafka and
 * Postgres, build, and run Beacon's apps as real processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, restrictToOwner, withPrivateUmask } from '@beacon/platform';
import { BEACON_APPS, type BeaconApp, type KafkaTls, type SaslMechanism } from '@beacon/messaging';
import { startKafka, type Credential } from '../kafka';
import { adminConnectionFromEnv } from '../provision';
import { BEACON_DATABASE, startPostgres } from '../postgres';
import { provisionDatabaseRoles, type DatabaseAccess } from './database-roles';
import { REPO_ROOT } from './paths';
import { dismissWatchdog, killWithParent, terminate } from './process-guard';

export type Log = (line: string) => void;

/** How a client reaches Kafka as one principal, and which CA it trusts for the brokers' certificates. */
export interface KafkaAccess {
  brokers: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls: KafkaTls;
}

/** The security protocol as Kafka clients name it (`SASL_SSL`, `SASL_PLAINTEXT`, …). */
export function securityProtocolOf(access: KafkaAccess): string {
  return `${access.sasl ? 'SASL_' : ''}${access.tls === false ? 'PLAINTEXT' : 'SSL'}`;
}

/**
 * A principal's Kafka access as written for people and partner systems
 * (`.beacon/stack.json`, `.beacon/partners/<id>.json`): the security
 * protocol spelled as Kafka clients name it, and the CA certificate's PEM
 * next to its path, so a partner on another machine can save it.
 */
export function describeKafkaAccess(access: KafkaAccess) {
  const caFile = access.tls === false ? undefined : access.tls.caFile;
  return {
    brokers: access.brokers,
    securityProtocol: securityProtocolOf(access),
    ...(access.sasl ? { sasl: access.sasl } : {}),
    tls: access.tls,
    ...(caFile ? { caCertificate: readFileSync(caFile, 'utf8') } : {}),
  };
}

export interface Infrastructure {
  kafka: {
    brokers: string[];
    /** True when KAFKA_BROKERS pointed at a cluster Beacon did not start. */
    external: boolean;
    admin: KafkaAccess;
    apps: Record<BeaconApp, KafkaAccess>;
    partners: Record<string, KafkaAccess>;
    startMs?: number;
    pid?: number;
  };
  /**
   * The admin's URL on Beacon's database: the embedded Postgres's superuser,
   * or DATABASE_URL as given. Apps never get it; they connect as their own
   * roles (`database.apps`).
   */
  databaseUrl: string;
  /** Each app's own database role, and the role that migrates its schema where that differs. */
  database: DatabaseAccess;
  /** The embedded Postgres (its postmaster's pid), or `external` when DATABASE_URL named one. */
  postgres: { external: boolean; startMs?: number; pid?: number };
  stop(): Promise<void>;
}

/**
 * How each principal reaches a broker Beacon started: its SCRAM credentials,
 * one per app and partner, over TLS that trusts the broker's local CA.
 */
export function kafkaAccessOf(kafka: {
  brokers: string[];
  credentials: {
    admin: Credential;
    apps: Record<BeaconApp, Credential>;
    partners: Record<string, Credential>;
  };
  tls: { caFile: string };
}): Pick<Infrastructure['kafka'], 'brokers' | 'external' | 'admin' | 'apps' | 'partners'> {
  const { brokers, credentials } = kafka;
  const tls = { caFile: kafka.tls.caFile };
  const scram = (credential: Credential): KafkaAccess => ({
    brokers,
    sasl: { mechanism: 'scram-sha-256', ...credential },
    tls,
  });
  return {
    brokers,
    external: false,
    admin: scram(credentials.admin),
    apps: Object.fromEntries(BEACON_APPS.map((a) => [a, scram(credentials.apps[a])])) as Record<
      BeaconApp,
      KafkaAccess
    >,
    partners: Object.fromEntries(Object.entries(credentials.partners).map(([id, c]) => [id, scram(c)])),
  };
}

/**
 * How Beacon reaches a cluster it did not start (KAFKA_BROKERS): every app
 * as the one principal, TLS and CA that the environment names.
 */
export function externalKafkaAccess(): Pick<
  Infrastructure['kafka'],
  'brokers' | 'external' | 'admin' | 'apps' | 'partners'
> {
  const { brokers, sasl, tls } = adminConnectionFromEnv();
  const shared: KafkaAccess = { brokers, sasl, tls };
  return {
    brokers,
    external: true,
    admin: shared,
    apps: Object.fromEntries(BEACON_APPS.map((a) => [a, shared])) as Record<BeaconApp, KafkaAccess>,
    partners: {},
  };
}

/**
 * Starts a local broker and an embedded Postgres, or adopts the ones that
 * KAFKA_BROKERS and DATABASE_URL name. `persistent` keeps data under
 * `stateDir` between runs; otherwise it starts empty.
 */
export async function startInfrastructure(options: {
  stateDir: string;
  persistent: boolean;
  partnerIds: readonly string[];
  preferredKafkaPort?: number;
  log: Log;
}): Promise<Infrastructure> {
  const { log } = options;
  // Everything under the state folder is its owner's: credentials, keys, data, logs. An embedded
  // Postgres run by root runs as the `postgres` OS user, which must pass through to its data.
  const postgresAsAnotherUser = !process.env.DATABASE_URL && userInfo().uid === 0;
  ensurePrivateDir(options.stateDir, postgresAsAnotherUser ? 0o711 : 0o700);
  const external = process.env.KAFKA_BROKERS;
  const kafkaPromise = external
    ? Promise.resolve(undefined)
    : startKafka({
        dataDir: join(options.stateDir, 'kafka'),
        persistent: options.persistent,
        port: options.preferredKafkaPort,
        partnerIds: options.partnerIds,
        log,
      });
  const pgPromise = process.env.DATABASE_URL
    ? Promise.resolve(undefined)
    : (async () => {
        const began = Date.now();
        const pg = await startPostgres({
          dataDir: join(options.stateDir, 'postgres'),
          persistent: options.persistent,
          log,
        });
        return { ...pg, startMs: Date.now() - began };
      })();
  const [kafka, pg] = await Promise.allSettled([kafkaPromise, pgPromise]);
  if (kafka.status === 'rejected' || pg.status === 'rejected') {
    if (kafka.status === 'fulfilled') await kafka.value?.stop();
    if (pg.status === 'fulfilled') await pg.value?.stop();
    throw (kafka.status === 'rejected' ? kafka.reason : (pg as PromiseRejectedResult).reason) as Error;
  }
  const stop = async () => {
    await Promise.all([kafka.value?.stop(), pg.value?.stop()]);
  };

  let access: Infrastructure['kafka'];
  if (kafka.value) {
    access = {
      ...kafkaAccessOf(kafka.value),
      startMs: kafka.value.startMs,
      pid: kafka.value.pid,
    };
  } else {
    access = externalKafkaAccess();
  }
  let database: DatabaseAccess;
  try {
    database = await provisionBeaconDatabase(pg.value?.adminUrl, options.stateDir);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kafka: access,
    databaseUrl: database.adminUrl,
    database,
    postgres: { external: !pg.value, startMs: pg.value?.startMs, pid: pg.value?.pid },
    stop,
  };
}

/**
 * Creates the apps' database roles (kept in `<stateDir>/database-roles.json`)
 * as the embedded server's superuser, on Beacon's database, or as the
 * external DATABASE_URL when no embedded server runs.
 */
export async function provisionBeaconDatabase(
  embeddedAdminUrl: string | undefined,
  stateDir: string,
): Promise<DatabaseAccess> {
  const adminUrl = embeddedAdminUrl
    ? onDatabase(embeddedAdminUrl, BEACON_DATABASE)
    : (process.env.DATABASE_URL as string);
  return provisionDatabaseRoles(adminUrl, join(stateDir, 'database-roles.json'));
}

/** Compiles apps, libs and scripts into dist/ (tsc, then path aliases rewritten). */
export function build(log: Log): void {
  log('building (tsc)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed; see the compiler output above');
}

/** `url` pointing at another database of the same server. */
function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * The environment an app process gets: its own Kafka principal, its own
 * database role (DATABASE_URL) and, where another role owns its schema, the
 * migrating role (DATABASE_MIGRATION_URL), its port.
 */
export function appEnvironment(
  app: BeaconApp,
  infra: Pick<Infrastructure, 'kafka' | 'database'>,
  extra: Record<string, string>,
): Record<string, string> {
  const access = infra.kafka.apps[app];
  const database = app === 'intake' ? undefined : infra.database.apps[app];
  return {
    KAFKA_BROKERS: access.brokers.join(','),
    KAFKA_CLIENT_ID: `beacon-${app}`,
    // Plaintext only when the environment asked for it (KAFKA_SSL=false); the app then warns at start.
    KAFKA_SSL: access.tls === false ? 'false' : 'true',
    ...(access.tls !== false && access.tls.caFile ? { KAFKA_SSL_CA_FILE: access.tls.caFile } : {}),
    ...(access.sasl
      ? {
          KAFKA_SASL_MECHANISM: access.sasl.mechanism,
          KAFKA_SASL_USERNAME: access.sasl.username,
          KAFKA_SASL_PASSWORD: access.sasl.password,
        }
      : {}),
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(database?.migrationUrl ? { DATABASE_MIGRATION_URL: database.migrationUrl } : {}),
    ...extra,
  };
}

export interface RunningApp {
  app: BeaconApp;
  port: number;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<number | null>;
}

/** Runs `node dist/apps/<app>/src/main.js`; the process dies with ours. */
export function spawnApp(app: BeaconApp, env: Record<string, string>, logDir: string): RunningApp {
  ensurePrivateDir(logDir);
  const logFile = join(logDir, `${app}.log`);
  const out = openSync(logFile, 'a', 0o600);
  restrictToOwner(logFile);
  // Under umask 077, so that whatever the app creates (the audit signing key, say) is private from the start.
  const child = withPrivateUmask(() =>
    spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: process.env.NODE_ENV ?? 'production',
        // The runtime's options (scripts/runtime.mjs) reach the apps too.
        ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
        ...env,
      },
      stdio: ['ignore', out, out],
    }),
  );
  const watchdog = killWithParent(child.pid as number);
  return {
    app,
    port: Number(env.PORT),
    child,
    logFile,
    stop: async () => {
      await terminate(child, 15_000);
      dismissWatchdog(watchdog);
      return child.exitCode;
    },
  };
}

/** Waits until `GET /health` answers 200; fails early if the process exits. */
export async function waitHealthy(running: RunningApp, timeoutMs = 60_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `beacon-${running.app} exited with status ${running.child.exitCode}; see ${running.logFile}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/health`);
      const body = await response.json();
      if (response.status === 200) return body;
      last = `${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `beacon-${running.app} was not healthy within ${timeoutMs} ms (${last}); see ${running.logFile}`,
  );
}
