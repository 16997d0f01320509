/**
 * Beacon's apps as real processes for the benchmark and the fault harness,
 * in a namespace of their own on a broker and Postgres that are already up:
 * topics and ACLs provisioned, the consent tables the redaction service
 * reads created, each app started from dist/ and waited for.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import {
  createKafka,
  deleteNamespaceTopics,
  topicsFor,
  type BeaconApp,
  type TopicRegistry,
} from '@beacon/messaging';
import { runMigrations } from '@beacon/persistence';
import { gatewayGrants, gatewayMigrations } from '../../apps/gateway/src/database/migrations';
import { freePort } from '../../scripts/lib/free-port';
import { APPS_WITH_HTTP_AUTH, localIssuer } from '../../scripts/lib/issuer';
import {
  appEnvironment,
  spawnApp,
  waitHealthy,
  type Infrastructure,
  type KafkaAccess,
  type RunningApp,
} from '../../scripts/lib/stack';
import { provision } from '../../scripts/provision';
import type { LoadPartner } from './events';

export type BenchInfra = Pick<Infrastructure, 'kafka' | 'databaseUrl' | 'database'>;

/** The apps an event passes on its way from a partner to a delivery and an audit row. */
export const FLOW_APPS = ['intake', 'redaction', 'audit'] as const satisfies readonly BeaconApp[];
export type FlowApp = (typeof FLOW_APPS)[number];

/** A kafkajs client acting as the given principal. */
export function kafkaFor(access: KafkaAccess, clientId: string): Kafka {
  return createKafka({ clientId, ...access });
}

/** The principal a partner writes its inbound topic as (the admin on a cluster Beacon did not start). */
export function partnerAccess(infra: BenchInfra, partnerId: string): KafkaAccess {
  return infra.kafka.partners[partnerId] ?? infra.kafka.admin;
}

/** Peak and current resident memory of a process, in MiB, from /proc (Linux). */
export function residentMemory(pid: number): { peakMiB: number; currentMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMiB: kib('VmHWM') / 1024, currentMiB: kib('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** A namespace with Beacon's flow apps running in it. */
export class BeaconFlow {
  readonly topics: TopicRegistry;
  readonly running = new Map<FlowApp, RunningApp>();
  private readonly hashSecret = randomBytes(32).toString('hex');

  private constructor(
    readonly infra: BenchInfra,
    readonly namespace: string,
    readonly partners: readonly LoadPartner[],
    private readonly runDir: string,
    private readonly logLevel: string,
  ) {
    this.topics = topicsFor(namespace);
  }

  /** Provisions `namespace` (topics with `partitions` each, ACLs, partner directory) and the consent tables. */
  static async create(options: {
    infra: BenchInfra;
    namespace: string;
    partners: readonly LoadPartner[];
    partitions: number;
    runDir: string;
    logLevel?: string;
  }): Promise<BeaconFlow> {
    const { infra, namespace } = options;
    const kafka = kafkaFor(infra.kafka.admin, `${namespace}-provision`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await provision(kafka, admin, {
        namespace,
        partners: options.partners.map((p) => ({ id: p.id, name: p.id, sector: p.sector })),
        partitions: options.partitions,
        replicationFactor: 1,
        acls: !infra.kafka.external,
      });
    } finally {
      await admin.disconnect();
    }
    // The gateway owns the consent tables; the redaction service only reads them.
    await runMigrations({
      url: infra.databaseUrl,
      schema: `${namespace}_gateway`,
      migrations: gatewayMigrations,
      grants: gatewayGrants,
      applicationName: 'beacon-bench',
    });
    return new BeaconFlow(infra, namespace, options.partners, options.runDir, options.logLevel ?? 'info');
  }

  /** Starts an app (or starts it again) and waits until it is healthy. */
  async start(app: FlowApp): Promise<RunningApp> {
    const issuer = localIssuer(join(this.runDir, 'keys'));
    const env = appEnvironment(app, this.infra, {
      ...(APPS_WITH_HTTP_AUTH.has(app)
        ? { AUTH_JWKS_FILE: issuer.jwksFile, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience }
        : {}),
      PORT: String(await freePort()),
      LOG_LEVEL: this.logLevel,
      BEACON_TOPIC_NAMESPACE: this.namespace,
      DATABASE_SCHEMA: `${this.namespace}_${app}`,
      ...(app === 'redaction'
        ? { REDACTION_HASH_SECRET: this.hashSecret, CONSENT_SCHEMA: `${this.namespace}_gateway` }
        : {}),
      ...(app === 'audit' ? { AUDIT_SIGNING_KEY_FILE: join(this.runDir, 'audit-signing-key.pem') } : {}),
    });
    const running = spawnApp(app, env, join(this.runDir, 'logs', this.namespace));
    this.running.set(app, running);
    await waitHealthy(running, 120_000);
    return running;
  }

  /** Starts intake, redaction and audit side by side (each boot mostly waits on Kafka and Postgres). */
  async startAll(): Promise<void> {
    await Promise.all(FLOW_APPS.map((app) => this.start(app)));
  }

  /** Kills an app without warning (SIGKILL) and waits until it is gone. */
  async kill(app: FlowApp): Promise<void> {
    const running = this.running.get(app);
    if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
    running.child.kill('SIGKILL');
    await gone;
    await running.stop();
  }

  /** Peak resident memory (VmHWM) of each running app, in MiB. */
  memory(): Record<string, { peakMiB: number; currentMiB: number }> {
    const out: Record<string, { peakMiB: number; currentMiB: number }> = {};
    for (const [app, running] of this.running) {
      const m = running.child.pid ? residentMemory(running.child.pid) : undefined;
      if (m) out[app] = m;
    }
    return out;
  }

  /** Stops every app (SIGTERM), deletes the namespace's topics and drops its schemas. */
  async dispose(options: { keepData?: boolean } = {}): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.stop()));
    this.running.clear();
    if (options.keepData) return;
    const admin = kafkaFor(this.infra.kafka.admin, `${this.namespace}-dispose`).admin();
    await admin.connect();
    try {
      await deleteNamespaceTopics(admin, this.namespace);
    } finally {
      await admin.disconnect();
    }
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.infra.databaseUrl });
    await client.connect();
    try {
      for (const app of ['gateway', ...FLOW_APPS])
        await client.query(`DROP SCHEMA IF EXISTS "${this.namespace}_${app}" CASCADE`);
    } finally {
      await client.end();
    }
  }
}
