import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '@beacon/contracts';
import { partnerSource, topicsFor, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_LIBS_DIR } from '../../scripts/kafka';
import { REPO_ROOT } from '../../scripts/lib/paths';
import type { KafkaAccess, RunningApp } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { collect } from '../support/collect';
import {
  caFile,
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  withDatabase,
} from '../support/test-stack';

/** The partners the school's alert is routed to, and the school itself. */
const PARTNERS = ['northside-school', 'metro-police', 'st-mary-hospital', 'safe-harbour'];
const ALERT_TYPE = 'org.beacon.alert.raised.v1';

interface JavaRecord {
  key: string;
  headers: Record<string, string>;
  value: string;
}

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string };
  disclosedPaths: string[];
  withheld: { path: string; transformation: string }[];
  delivery: { id: string };
}

function pointerGet(data: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, token) =>
        node === undefined || node === null
          ? undefined
          : (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')],
      data,
    );
}

/**
 * What a partner puts in its Java client's properties, from its Beacon
 * credentials: SASL_SSL, SCRAM-SHA-256 and the CA as a PEM trust store.
 * Host-name verification is the Java client's default (`https`) and is left on.
 */
function partnerProperties(access: KafkaAccess): string {
  if (!access.sasl) throw new Error('partner principals authenticate with SCRAM');
  return [
    `bootstrap.servers=${access.brokers.join(',')}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-256',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${access.sasl.username}" password="${access.sasl.password}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${caFile(access)}`,
    '',
  ].join('\n');
}

/** Runs a command to its end without blocking the event loop; rejects with its stderr when it fails. */
function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args[args.length - 1]} ended with ${code ?? signal}:\n${stderr}`));
    });
  });
}

describe('a partner on the plain Apache Kafka Java client sends an alert and reads its deliveries over SASL_SSL', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let javaDir: string;
  const apps: RunningApp[] = [];

  const java = (args: string[], timeoutMs: number) =>
    run('java', ['-Xmx128m', '-cp', `${javaDir}:${KAFKA_LIBS_DIR}/*`, 'BeaconPartner', ...args], timeoutMs);

  function propertiesFileOf(partnerId: string): string {
    const file = join(javaDir, `${partnerId}.properties`);
    writeFileSync(file, partnerProperties(stack.kafka.partners[partnerId]), { mode: 0o600 });
    return file;
  }

  beforeAll(async () => {
    if (stack.kafka.external) throw new Error('partner-client suites need the broker that npm test starts');
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    // Compiled for this run only, against the client jar the broker's Maven file fetched.
    javaDir = join(stack.runDir, 'java', ns.namespace);
    mkdirSync(javaDir, { recursive: true });
    const clientsJar = readdirSync(KAFKA_LIBS_DIR).find((f) => /^kafka-clients-[\d.]+\.jar$/.test(f));
    if (!clientsJar) throw new Error(`no kafka-clients jar in ${KAFKA_LIBS_DIR}`);
    await run(
      'javac',
      [
        '-cp',
        join(KAFKA_LIBS_DIR, clientsJar),
        '-d',
        javaDir,
        join(REPO_ROOT, 'test', 'support', 'java', 'BeaconPartner.java'),
      ],
      120_000,
    );
    // The gateway owns the consent tables the redaction service reads.
    apps.push(await startApp(stack, 'gateway', ns.namespace));
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
      await ns.dispose();
    }
  });

  it('given an alert the Java client produces in binary mode, then intake admits it and the police read its redacted copy with the Java client, read-committed', async () => {
    const alert = schoolAlert('java-partner');
    const dataFile = join(javaDir, 'alert.json');
    writeFileSync(dataFile, JSON.stringify(alert.data));
    const sentId = (
      await java(
        [
          'produce',
          propertiesFileOf('northside-school'),
          topics.inbound('northside-school'),
          partnerSource('northside-school'),
          ALERT_TYPE,
          alert.subject,
          SchemaRegistry.load().dataschemaFor(ALERT_TYPE),
          dataFile,
        ],
        120_000,
      )
    ).trim();

    const admitted = await collect(kafkaAs(stack.kafka.admin, 'java-e2e-events'), topics.events, {
      until: (seen) => seen.some((r) => r.event.id === sentId),
      timeoutMs: 90_000,
      settleMs: 0,
    });
    expect(admitted.find((r) => r.event.id === sentId)?.event).toMatchObject({
      source: partnerSource('northside-school'),
      type: ALERT_TYPE,
      subject: alert.subject,
      data: alert.data,
    });

    const lines = await java(
      [
        'consume',
        propertiesFileOf('metro-police'),
        topics.deliver('metro-police'),
        topics.consumerGroup('partner.metro-police'),
        '1',
        '90000',
      ],
      150_000,
    );
    const delivered = lines
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JavaRecord);
    expect(delivered).toHaveLength(1);
    const [copy] = delivered;
    // The police's copy names the subject by their own keyed hash, as key and ce_subject alike.
    expect(copy.key).not.toBe(alert.subject);
    expect(copy.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: ALERT_TYPE,
      ce_subject: copy.key,
      ce_causationid: sentId,
      'content-type': 'application/json',
    });

    // What the police may see, as their disclosure record on the audit topic says it.
    const audit = await collect(kafkaAs(stack.kafka.admin, 'java-e2e-audit'), topics.audit, {
      until: (seen) => seen.some((r) => (r.event.data as DisclosureData).delivery.id === copy.headers.ce_id),
      timeoutMs: 60_000,
      settleMs: 0,
    });
    const record = audit
      .map((r) => r.event.data as DisclosureData)
      .find((d) => d.delivery.id === copy.headers.ce_id);
    expect(record?.recipient.partnerId).toBe('metro-police');
    const body = JSON.parse(copy.value) as unknown;
    for (const path of record?.disclosedPaths ?? [])
      expect({ path, value: pointerGet(body, path) }).toEqual({ path, value: pointerGet(alert.data, path) });
    const dropped = (record?.withheld ?? []).filter((w) => w.transformation === 'drop');
    expect(dropped.length).toBeGreaterThan(0);
    for (const w of dropped)
      expect({ path: w.path, value: pointerGet(body, w.path) }).toEqual({ path: w.path, value: undefined });
  }, 300_000);
});
