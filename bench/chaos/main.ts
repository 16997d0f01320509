/**
 * `npm run chaos`: while partners publish (default 50,000 events), kill each
 * of intake, redaction and audit with SIGKILL in turn and start it again,
 * then restart the broker once on the same KRaft data; at the end count,
 * per event, what was published, accepted, delivered and audited.
 *
 *   npm run chaos [-- --events 50000 --rate 1000 --partitions 3 --partners 5 --no-broker-restart]
 *
 * Starts its own broker (kept on disk, so it can be restarted) and Postgres,
 * or uses KAFKA_BROKERS / DATABASE_URL (then the broker is not restarted).
 * Exits 1 when any finding is not zero.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKafka, type RunningKafka } from '../../scripts/kafka';
import { BEACON_DIR } from '../../scripts/lib/paths';
import {
  build,
  externalKafkaAccess,
  kafkaAccessOf,
  provisionBeaconDatabase,
  type Infrastructure,
} from '../../scripts/lib/stack';
import { startPostgres } from '../../scripts/postgres';
import { loadPartners as shippedPartners } from '../../scripts/provision';
import { machine } from '../harness';
import { BeaconFlow } from '../load/beacon-apps';
import { loadPartners } from '../load/events';
import { MUST_BE_ZERO, violations } from './ledger';
import { runChaos, type Fault } from './scenario';

const log = (line: string) => process.stdout.write(`[chaos] ${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '50000' },
      rate: { type: 'string', default: '1000' },
      partitions: { type: 'string', default: '3' },
      partners: { type: 'string', default: '5' },
      'no-broker-restart': { type: 'boolean', default: false },
    },
  });
  const events = Number(values.events);
  const rate = Number(values.rate);
  const partitions = Number(values.partitions);
  for (const [name, value] of Object.entries({ events, rate, partitions }))
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  const partners = loadPartners(Number(values.partners), shippedPartners());
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(BEACON_DIR, 'chaos', `${stamp}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });

  build(log);
  const externalKafka = Boolean(process.env.KAFKA_BROKERS);
  log('starting a Kafka broker (on disk, so it can restart) and Postgres…');
  const kafkaDir = join(runDir, 'kafka');
  const partnerIds = partners.map((p) => p.id);
  let kafka: RunningKafka | undefined = externalKafka
    ? undefined
    : await startKafka({ dataDir: kafkaDir, persistent: true, partnerIds, log });
  const pg = process.env.DATABASE_URL
    ? undefined
    : await startPostgres({ dataDir: join(runDir, 'postgres'), persistent: false, log }).catch(
        async (e: Error) => {
          await kafka?.stop();
          throw e;
        },
      );
  const stopAll = async () => {
    await Promise.all([kafka?.stop(), pg?.stop()]);
    kafka = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => void stopAll().then(() => process.exit(130)));

  const database = await provisionBeaconDatabase(pg?.adminUrl, runDir);
  const infra: Pick<Infrastructure, 'kafka' | 'databaseUrl' | 'database'> = {
    kafka: kafka ? kafkaAccessOf(kafka) : externalKafkaAccess(),
    databaseUrl: database.adminUrl,
    database,
  };

  const restartBroker = kafka
    ? async () => {
        await kafka?.stop();
        kafka = await startKafka({ dataDir: kafkaDir, persistent: true, partnerIds, log });
      }
    : undefined;
  const faults: Fault[] = [
    { kind: 'kill', app: 'intake' },
    { kind: 'kill', app: 'redaction' },
    { kind: 'kill', app: 'audit' },
  ];
  if (restartBroker && !values['no-broker-restart']) faults.push({ kind: 'restart-broker' });
  else log('the broker is not restarted (external cluster or --no-broker-restart)');

  let flow: BeaconFlow | undefined;
  let code = 1;
  try {
    flow = await BeaconFlow.create({
      infra,
      namespace: `chaos${stamp.slice(11, 19).replace(/-/g, '')}`,
      partners,
      partitions,
      runDir,
    });
    await flow.startAll();
    const result = await runChaos(flow, {
      events,
      rate,
      faults,
      restartBroker,
      drainTimeoutMs: 10 * 60_000,
      settleMs: 5000,
      log,
    });
    const { counts } = result;
    const found = violations(counts);
    const host = machine();
    const table = [
      '| count | value |',
      '| --- | ---: |',
      ...(['published', 'accepted', 'expectedDeliveries', 'delivered', 'audited'] as const).map(
        (k) => `| ${k} | ${counts[k]} |`,
      ),
      ...MUST_BE_ZERO.map((k) => `| ${k} (aim 0) | ${counts[k]} |`),
    ].join('\n');
    const markdown =
      `# Beacon fault run, ${new Date().toISOString()}\n\n` +
      `Machine: ${host.cores} × ${host.cpu}, Node ${host.node}. ${events} events at ${rate}/s from ${partners.length} partners, ` +
      `${partitions} partitions; faults: ${faults.map((f) => (f.kind === 'kill' ? `SIGKILL ${f.app}` : 'broker restart')).join(', ')}. ` +
      `${result.supervisorRestarts} restarts by the supervisor, ${result.publishRetries} partner sends retried, ${Math.round(result.seconds)} s.\n\n` +
      `${table}\n\n${found.length === 0 ? 'Every finding is zero.' : `Findings: ${found.join(', ')}. Examples: ${JSON.stringify(counts.examples)}`}\n\n` +
      `## Timeline\n\n${result.timeline.map((l) => `- ${l}`).join('\n')}\n`;
    process.stdout.write(`\n${markdown}`);
    const dir = join(__dirname, '..', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `chaos-${stamp}.json`),
      JSON.stringify({ events, rate, partitions, faults, ...result }, null, 2),
    );
    writeFileSync(join(dir, `chaos-${stamp}.md`), markdown);
    process.stdout.write(`\nwritten to bench/results/chaos-${stamp}.{json,md}\n`);
    code = found.length === 0 ? 0 : 1;
  } finally {
    await flow?.dispose({ keepData: code !== 0 }).catch((e: Error) => log(`cleanup: ${e.message}`));
    await stopAll();
  }
  if (code === 0) rmSync(runDir, { recursive: true, force: true });
  else log(`logs and data of this run are kept in ${runDir}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
