/**
 * `npm start`: the whole backbone on this machine. Starts Kafka and Postgres
 * (or adopts KAFKA_BROKERS / DATABASE_URL), builds, provisions topics and
 * ACLs, mints demo credentials, starts the five apps, and describes it all in
 * `.beacon/stack.json`. Ctrl-C or SIGTERM stops everything it started.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Role, Sector } from '@beacon/auth';
import { writeSecretFile } from '@beacon/platform';
import { APPS_WITH_HTTP_AUTH, hashSecret, localIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER } from './lib/issuer';
import { BEACON_APPS, createKafka, topicsFor, type BeaconApp } from '@beacon/messaging';
import { loadPartners, provision } from './provision';
import { portInUse } from './lib/free-port';
import { BEACON_DIR } from './lib/paths';
import {
  appEnvironment,
  build,
  describeKafkaAccess,
  spawnApp,
  startInfrastructure,
  waitHealthy,
  type RunningApp,
} from './lib/stack';

const log = (line: string) => process.stdout.write(`[beacon] ${line}\n`);
const STACK_FILE = join(BEACON_DIR, 'stack.json');
const ISSUER = LOCAL_ISSUER;
const AUDIENCE = LOCAL_AUDIENCE;
const DEFAULT_PORTS: Record<BeaconApp, number> = {
  gateway: 8080,
  intake: 8081,
  redaction: 8082,
  referrals: 8083,
  audit: 8084,
};
const TOKEN_TTL_SECONDS = 12 * 3600;

async function main(): Promise<void> {
  const began = Date.now();
  const namespace = process.env.BEACON_TOPIC_NAMESPACE ?? 'beacon';
  const partners = loadPartners();
  const gatewayPort = Number(process.env.PORT ?? DEFAULT_PORTS.gateway);
  const ports: Record<BeaconApp, number> = { ...DEFAULT_PORTS, gateway: gatewayPort };
  for (const [app, port] of Object.entries(ports)) {
    if (await portInUse(port))
      throw new Error(`port ${port} for beacon-${app} is in use; is Beacon already running?`);
  }

  const infra = await startInfrastructure({
    stateDir: BEACON_DIR,
    persistent: true,
    partnerIds: partners.map((p) => p.id),
    preferredKafkaPort: (await portInUse(9092)) ? undefined : 9092,
    log,
  });
  const apps: RunningApp[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopped ??= stopAll(reason);
    return stopped;
  };
  const stopAll = async (reason: string) => {
    stopping = true;
    log(`stopping (${reason})…`);
    await Promise.all(apps.map((a) => a.stop()));
    await infra.stop();
    rmSync(STACK_FILE, { force: true });
    log('stopped; nothing left running');
  };
  // `on`, not `once`: Ctrl-C reaches us both from the terminal and relayed by
  // npm and tsx, and a second default handler would kill us mid-shutdown.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }

  try {
    log(`Kafka at ${infra.kafka.brokers.join(',')}${infra.kafka.external ? ' (KAFKA_BROKERS)' : ''}`);
    log(`Postgres ${infra.postgres.external ? 'from DATABASE_URL' : 'embedded, data in .beacon/postgres'}`);
    build(log);

    const adminKafka = createKafka({ clientId: 'beacon-launcher', ...infra.kafka.admin });
    const admin = adminKafka.admin();
    await admin.connect();
    const provisioned = await provision(adminKafka, admin, {
      namespace,
      partners,
      partitions: Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3),
      replicationFactor: Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
      acls: !infra.kafka.external,
    });
    await admin.disconnect();
    log(`topics: ${provisioned.created.length} created; ACLs: ${provisioned.aclCount} granted`);

    // The local issuer's key persists in .beacon/keys, so tokens survive restarts.
    const issuer = localIssuer(join(BEACON_DIR, 'keys'));
    const token = (partnerId: string, sector: string, role: Role, subject: string) =>
      issuer.mint({ subject, partnerId, sector: sector as Sector, roles: [role] }, TOKEN_TTL_SECONDS);
    const jwksFile = issuer.jwksFile;

    const logDir = join(BEACON_DIR, 'logs');
    for (const app of BEACON_APPS) {
      const extra: Record<string, string> = {
        PORT: String(ports[app]),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        BEACON_TOPIC_NAMESPACE: namespace,
      };
      // Referrals hashes subject ids in its answers with the same keys as redaction's deliveries.
      if (app === 'redaction' || app === 'referrals')
        extra.REDACTION_HASH_SECRET = hashSecret(join(BEACON_DIR, 'keys'));
      if (app === 'gateway') {
        // The gateway forwards the case-worker and auditor APIs to these.
        extra.REFERRALS_URL = `http://127.0.0.1:${ports.referrals}`;
        extra.AUDIT_URL = `http://127.0.0.1:${ports.audit}`;
      }
      if (APPS_WITH_HTTP_AUTH.has(app))
        Object.assign(extra, { AUTH_JWKS_FILE: jwksFile, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
      apps.push(spawnApp(app, appEnvironment(app, infra, extra), logDir));
    }
    await Promise.all(apps.map((a) => waitHealthy(a, 90_000)));

    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const stack = {
      startedAt: new Date().toISOString(),
      namespace,
      kafka: { ...describeKafkaAccess(infra.kafka.admin), external: infra.kafka.external },
      databaseUrl: infra.databaseUrl,
      database: { apps: infra.database.apps },
      gateway: { url: gatewayUrl },
      apps: Object.fromEntries(
        apps.map((a) => [
          a.app,
          {
            url: `http://127.0.0.1:${a.port}`,
            health: `http://127.0.0.1:${a.port}/health`,
            pid: a.child.pid,
            log: a.logFile,
          },
        ]),
      ),
      auth: { issuer: ISSUER, audience: AUDIENCE, jwksFile },
      partners: partners.map((p) => ({
        id: p.id,
        name: p.name,
        sector: p.sector,
        source: `urn:beacon:partner:${p.id}`,
        kafka: {
          ...describeKafkaAccess(infra.kafka.partners[p.id] ?? infra.kafka.admin),
          inbound: topicsFor(namespace).inbound(p.id),
          deliver: topicsFor(namespace).deliver(p.id),
          rejections: topicsFor(namespace).rejections(p.id),
        },
        tokens: {
          partnerSystem: token(p.id, p.sector, 'partner-system', `system:${p.id}`),
          caseWorker: token(p.id, p.sector, 'case-worker', `worker:${p.id}:demo`),
          supervisor: token(p.id, p.sector, 'supervisor', `supervisor:${p.id}:demo`),
          auditor: token(p.id, p.sector, 'auditor', `auditor:${p.id}:demo`),
        },
      })),
      admin: { token: token('beacon', 'beacon', 'admin', 'admin:demo') },
    };
    writeSecretFile(STACK_FILE, JSON.stringify(stack, null, 2));
    log(`ready in ${Math.round((Date.now() - began) / 1000)} s`);
    log(`gateway: ${gatewayUrl}  (health: ${gatewayUrl}/health)`);
    log(`stack description, credentials and demo tokens: ${STACK_FILE}`);
    log(`app logs: ${logDir}; Ctrl-C stops everything`);
    for (const running of apps) {
      running.child.once('exit', (code) => {
        if (!stopping) {
          log(`beacon-${running.app} exited with status ${code}; see ${running.logFile}`);
          void shutdown(`beacon-${running.app} exited`).then(() => process.exit(1));
        }
      });
    }
  } catch (error) {
    await shutdown('start failed');
    throw error;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[beacon] ${error.message}\n`);
  if (existsSync(STACK_FILE)) rmSync(STACK_FILE, { force: true });
  process.exit(1);
});
