/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker and
 * controller) on loopback, run from the jars Maven Central serves.
 *
 * Clients connect over TLS (SASL_SSL, TLS 1.2 or 1.3) to a certificate that
 * the local CA of scripts/lib/local-ca.ts signs, and authenticate with
 * SASL/SCRAM-SHA-256; the StandardAuthorizer denies whatever no ACL allows.
 * An admin super-user and one principal per Beacon app are created when the
 * storage is formatted (`--add-scram`), so no credential ever travels over
 * the wire to be set up.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensurePrivateDir, restrictToOwner, withPrivateUmask, writeSecretFile } from '@beacon/platform';
import {
  BEACON_APPS,
  appPrincipalName,
  createKafka,
  partnerPrincipalName,
  type BeaconApp,
} from '@beacon/messaging';
import { freePort, portInUse } from './lib/free-port';
import { ensureLocalTls, type LocalTls } from './lib/local-ca';
import { BEACON_DIR, REPO_ROOT } from './lib/paths';
import { killWithParent, terminate, dismissWatchdog } from './lib/process-guard';

export const KAFKA_LIBS_DIR = join(BEACON_DIR, 'cache', 'kafka-libs');
const POM = join(REPO_ROOT, 'infra', 'kafka', 'pom.xml');
const HEAP = '-Xmx512m';

export interface Credential {
  username: string;
  password: string;
}

export interface KafkaCredentials {
  admin: Credential;
  apps: Record<BeaconApp, Credential>;
  /** Partner systems' principals, by partner id. */
  partners: Record<string, Credential>;
}

export interface RunningKafka {
  brokers: string[];
  credentials: KafkaCredentials;
  /** The CA certificate (PEM file) that the broker's TLS certificate chains to. */
  tls: { caFile: string };
  pid: number;
  /** Milliseconds from spawn to the first answered metadata request. */
  startMs: number;
  logFile: string;
  stop(): Promise<void>;
}

function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

const NO_JAVA_HELP =
  'Install Java 17+ and Maven 3.8+ (Debian: apt-get install openjdk-17-jdk-headless maven), ' +
  'or set KAFKA_BROKERS (and KAFKA_SASL_*) to use an existing Kafka cluster, ' +
  'or run the whole stack with `docker compose up`.';

/**
 * Copies the broker's jars from Maven Central into `.beacon/cache/kafka-libs`
 * unless they are already there. Returns the folder.
 */
export function ensureKafkaJars(log: (line: string) => void = () => undefined): string {
  const marker = join(KAFKA_LIBS_DIR, '.complete');
  const pomText = readFileSync(POM, 'utf8');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomText) return KAFKA_LIBS_DIR;
  if (!commandWorks('java', ['-version'])) throw new Error(`java was not found. ${NO_JAVA_HELP}`);
  if (!commandWorks('mvn', ['-v'])) throw new Error(`mvn (Apache Maven) was not found. ${NO_JAVA_HELP}`);
  log('fetching the Apache Kafka jars from Maven Central (once)…');
  rmSync(KAFKA_LIBS_DIR, { recursive: true, force: true });
  mkdirSync(KAFKA_LIBS_DIR, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${KAFKA_LIBS_DIR}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`mvn could not fetch the Kafka jars:\n${(result.stdout ?? '') + (result.stderr ?? '')}`);
  }
  if (!readdirSync(KAFKA_LIBS_DIR).some((f) => f.startsWith('kafka_2.13-'))) {
    throw new Error(`mvn finished but no kafka_2.13 jar is in ${KAFKA_LIBS_DIR}`);
  }
  writeFileSync(marker, pomText);
  return KAFKA_LIBS_DIR;
}

function password(): string {
  return randomBytes(18).toString('base64url');
}

/** New random credentials for the admin, each app principal and each partner. */
export function newCredentials(partnerIds: readonly string[] = []): KafkaCredentials {
  const apps = Object.fromEntries(
    BEACON_APPS.map((app) => [app, { username: appPrincipalName(app), password: password() }]),
  ) as Record<BeaconApp, Credential>;
  const partners = Object.fromEntries(
    partnerIds.map((id) => [id, { username: partnerPrincipalName(id), password: password() }]),
  );
  return { admin: { username: 'beacon-admin', password: password() }, apps, partners };
}

function jaasEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function serverProperties(o: {
  port: number;
  controllerPort: number;
  logDir: string;
  admin: Credential;
  controllerSecret: string;
  tls: LocalTls;
}): string {
  const adminJaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${jaasEscape(o.admin.username)}" password="${jaasEscape(o.admin.password)}";`;
  const controllerJaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${o.controllerSecret}" user_controller="${o.controllerSecret}";`;
  return [
    '# Written by scripts/kafka.ts; regenerated at each start.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}`,
    `listeners=BROKER://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=BROKER://127.0.0.1:${o.port}`,
    // Apps and partners reach the BROKER listener only over TLS. The
    // controller listener stays on loopback and carries no client traffic.
    'listener.security.protocol.map=BROKER:SASL_SSL,CONTROLLER:SASL_PLAINTEXT',
    'inter.broker.listener.name=BROKER',
    'controller.listener.names=CONTROLLER',
    // Clients and the broker itself use SCRAM; the controller listener uses PLAIN
    // because SCRAM credentials live in the metadata the controller serves.
    'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256',
    'sasl.mechanism.controller.protocol=PLAIN',
    'listener.name.broker.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.broker.scram-sha-256.sasl.jaas.config=${adminJaas}`,
    'listener.name.broker.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=${controllerJaas}`,
    'ssl.enabled.protocols=TLSv1.3,TLSv1.2',
    'ssl.protocol=TLSv1.3',
    'ssl.client.auth=none',
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${o.tls.keystoreFile}`,
    `ssl.keystore.password=${o.tls.keystorePassword}`,
    // The broker is a client of its own listener (inter-broker traffic), so it
    // trusts the same CA and checks the host name like any other client.
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${o.tls.caFile}`,
    'ssl.endpoint.identification.algorithm=https',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${o.admin.username};User:controller`,
    `log.dirs=${o.logDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'group.initial.rebalance.delay.ms=0',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    '',
  ].join('\n');
}

const LOG4J2 = `<Configuration status="warn">
  <Appenders>
    <Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers>
    <Logger name="kafka" level="warn"/>
    <Logger name="org.apache.kafka" level="warn"/>
    <Logger name="kafka.server.KafkaRaftServer" level="info"/>
    <Root level="warn"><AppenderRef ref="out"/></Root>
  </Loggers>
</Configuration>
`;

interface SavedState {
  clusterId: string;
  port: number;
  controllerPort: number;
  controllerSecret: string;
  credentials: KafkaCredentials;
}

export interface StartKafkaOptions {
  /** Folder for the broker's data, config and log. */
  dataDir: string;
  /** Keep and reuse the data between runs (npm start) or start fresh (tests). */
  persistent: boolean;
  /** Client port; a free one when omitted (kept across restarts when persistent). */
  port?: number;
  log?: (line: string) => void;
  /** How long to wait for the first metadata answer. */
  readyTimeoutMs?: number;
  /** Partner systems that get a SCRAM principal when the storage is formatted. */
  partnerIds?: readonly string[];
}

/**
 * Formats storage (first run only when persistent), starts the broker with
 * `java -cp … kafka.Kafka`, and resolves once an admin metadata request is
 * answered. The broker dies with this process, even on SIGKILL.
 */
export async function startKafka(options: StartKafkaOptions): Promise<RunningKafka> {
  const log = options.log ?? (() => undefined);
  const libs = ensureKafkaJars(log);
  const dataDir = resolve(options.dataDir);
  const stateFile = join(dataDir, 'state.json');
  const logDir = join(dataDir, 'data');
  if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
  // The folder holds the SCRAM passwords (state.json, server.properties) and the metadata log.
  ensurePrivateDir(dataDir);

  const classpath = `${libs}/*`;
  let state: SavedState;
  const formatted = existsSync(join(logDir, 'meta.properties')) && existsSync(stateFile);
  if (formatted) {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as SavedState;
    const missing = (options.partnerIds ?? []).filter((id) => !state.credentials.partners?.[id]);
    if (missing.length > 0) {
      throw new Error(
        `the local broker in ${dataDir} was formatted before partner(s) ${missing.join(', ')} existed and has no ` +
          `credentials for them; stop Beacon and delete ${dataDir} to re-create it`,
      );
    }
    for (const port of [state.port, state.controllerPort]) {
      if (await portInUse(port)) {
        throw new Error(
          `port ${port} of the local Kafka broker in ${dataDir} is in use; is another Beacon stack running?`,
        );
      }
    }
  } else {
    rmSync(logDir, { recursive: true, force: true });
    state = {
      clusterId: kafkaClusterId(),
      port: options.port ?? (await freePort()),
      controllerPort: await freePort(),
      controllerSecret: password(),
      credentials: newCredentials(options.partnerIds),
    };
  }
  const tls = ensureLocalTls(join(dataDir, 'tls'));
  const configFile = join(dataDir, 'server.properties');
  writeSecretFile(configFile, serverProperties({ ...state, logDir, admin: state.credentials.admin, tls }));
  writeSecretFile(join(dataDir, 'log4j2.xml'), LOG4J2);

  if (!formatted) {
    const { admin, apps, partners } = state.credentials;
    const users = [admin, ...Object.values(apps), ...Object.values(partners)];
    const scram = users.flatMap((u) => [
      '--add-scram',
      `SCRAM-SHA-256=[name=${u.username},password=${u.password}]`,
    ]);
    // Under umask 077, like the broker below: the metadata log it writes holds the SCRAM credentials.
    withPrivateUmask(() =>
      execFileSync(
        'java',
        [
          '-cp',
          classpath,
          `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.xml')}`,
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${state.clusterId}`,
          '-c',
          configFile,
          '--standalone',
          ...scram,
        ],
        { stdio: 'pipe' },
      ),
    );
    writeSecretFile(stateFile, JSON.stringify(state, null, 2));
  }

  const logFile = join(dataDir, 'broker.log');
  const out = openSync(logFile, 'a', 0o600);
  restrictToOwner(logFile);
  const began = Date.now();
  const child = withPrivateUmask(() =>
    spawn(
      'java',
      [
        '-Xms256m',
        HEAP,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.xml')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        configFile,
      ],
      { stdio: ['ignore', out, out] },
    ),
  );
  const pid = child.pid as number;
  const watchdog = killWithParent(pid);
  let exited = false;
  child.once('exit', () => (exited = true));

  const brokers = [`127.0.0.1:${state.port}`];
  const stop = async () => {
    await terminate(child, 30_000);
    dismissWatchdog(watchdog);
  };
  try {
    await waitForMetadata(
      brokers,
      tls.caFile,
      state.credentials.admin,
      options.readyTimeoutMs ?? 90_000,
      () => exited,
    );
  } catch (error) {
    await stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(
      `the Kafka broker did not become ready: ${(error as Error).message}\n--- ${logFile} ---\n${tail}`,
    );
  }
  return {
    brokers,
    credentials: state.credentials,
    tls: { caFile: tls.caFile },
    pid,
    startMs: Date.now() - began,
    logFile,
    stop,
  };
}

async function waitForMetadata(
  brokers: string[],
  caFile: string,
  admin: Credential,
  timeoutMs: number,
  died: () => boolean,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (died()) throw new Error('the java process exited');
    const client = createKafka({
      brokers,
      clientId: 'beacon-launcher',
      sasl: { mechanism: 'scram-sha-256', ...admin },
      tls: { caFile },
    }).admin({ retry: { retries: 0 } });
    try {
      await client.connect();
      await client.describeCluster();
      return;
    } catch (error) {
      last = error;
    } finally {
      await client.disconnect().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no metadata answer within ${timeoutMs} ms (${(last as Error)?.message ?? 'no attempt'})`);
}

async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'fetch') {
    log(`Kafka jars in ${ensureKafkaJars(log)}`);
    return;
  }
  if (command === 'start') {
    const kafka = await startKafka({ dataDir: join(BEACON_DIR, 'kafka'), persistent: true, log });
    log(
      `Kafka ready at ${kafka.brokers.join(',')} in ${kafka.startMs} ms (pid ${kafka.pid}); Ctrl-C stops it`,
    );
    const shutdown = () => void kafka.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return;
  }
  process.stderr.write('usage: tsx scripts/kafka.ts fetch|start\n');
  process.exit(2);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}

/**
 * A Kafka Uuid: 16 random bytes, URL-safe base64 without padding. Like
 * Kafka's own `Uuid.randomUuid`, never one that starts with "-", which a
 * command line would read as an option.
 */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
