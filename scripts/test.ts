/**
 * `npm test`: static checks, then every jest suite (unit and end-to-end)
 * against a broker and a Postgres started here on free ports, so a running
 * `npm start` is never disturbed. Ends with one line:
 * `tests: N passed, N failed[, N skipped]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, withPrivateUmask, writeSecretFile } from '@beacon/platform';
import { loadPartners } from './provision';
import { localIssuer } from './lib/issuer';
import { BEACON_DIR, REPO_ROOT } from './lib/paths';
import { build, startInfrastructure, type Infrastructure } from './lib/stack';

const log = (line: string) => process.stdout.write(`[test] ${line}\n`);

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

/** The check or jest run under way, so a signal can stop it too. */
let current: ChildProcess | undefined;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    // Under umask 077: what the suites write into the run's folder is the owner's alone, like the rest of it.
    const child = withPrivateUmask(() =>
      spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } }),
    );
    current = child;
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Each static check counts as one test in the summary. */
const CHECKS: { name: string; args: string[] }[] = [
  { name: 'lint (eslint)', args: ['run', '--silent', 'lint'] },
  { name: 'format (prettier --check)', args: ['run', '--silent', 'format:check'] },
  { name: 'typecheck (tsc --noEmit)', args: ['run', '--silent', 'typecheck'] },
  { name: 'layer rules (dependency-cruiser)', args: ['run', '--silent', 'deps:check'] },
];

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: { name: string; status: string; message: string; assertionResults: { status: string }[] }[];
}

async function main(): Promise<number> {
  const began = Date.now();
  const runDir = join(BEACON_DIR, 'test', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(join(BEACON_DIR, 'test'), { recursive: true });
  ensurePrivateDir(runDir);
  const tally: Tally = { passed: 0, failed: 0, skipped: 0, failures: [] };

  // The broker and Postgres warm up while the static checks run.
  log('starting a Kafka broker and Postgres for this run…');
  const infraPromise = startInfrastructure({
    stateDir: runDir,
    persistent: false,
    partnerIds: loadPartners().map((p) => p.id),
    log,
  });
  infraPromise.catch(() => undefined);

  // `npm test -- <jest filters>` runs only matching suites and skips the static checks.
  const jestFilters = process.argv.slice(2);
  for (const check of jestFilters.length > 0 ? [] : CHECKS) {
    log(`check: ${check.name}`);
    const status = await run('npm', check.args);
    if (status === 0) tally.passed += 1;
    else {
      tally.failed += 1;
      tally.failures.push(check.name);
    }
  }

  let infra: Infrastructure | undefined;
  const stop = async () => {
    if (infra)
      await infra.stop().catch((e: Error) => log(`stopping the infrastructure failed: ${e.message}`));
    infra = undefined;
  };
  // `on`, not `once`: a signal may arrive twice (terminal and relays), and the
  // default handler would kill us before the broker and Postgres are stopped.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    current?.kill('SIGTERM');
    void stop().then(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  try {
    build(log);
    infra = await infraPromise;
    log(
      `Kafka at ${infra.kafka.brokers.join(',')}${infra.kafka.startMs ? ` (ready in ${infra.kafka.startMs} ms)` : ''}; ` +
        `Postgres ${infra.postgres.external ? 'from DATABASE_URL' : `embedded (ready in ${infra.postgres.startMs} ms)`}`,
    );
    // One token issuer for the run: apps started by the suites trust its key (see test/support).
    localIssuer(join(runDir, 'keys'));
    const stackFile = join(runDir, 'stack.json');
    const { stop: _stop, ...description } = infra;
    writeSecretFile(stackFile, JSON.stringify({ ...description, runDir }, null, 2));

    const reportFile = join(runDir, 'jest-report.json');
    await run(
      'npx',
      ['jest', '--ci', '--maxWorkers=2', '--json', `--outputFile=${reportFile}`, ...jestFilters],
      {
        BEACON_TEST_STACK: stackFile,
      },
    );
    if (!existsSync(reportFile)) {
      tally.failed += 1;
      tally.failures.push('jest produced no report');
    } else {
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JestReport;
      tally.passed += report.numPassedTests;
      tally.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
      tally.skipped += report.numPendingTests + report.numTodoTests;
      for (const suite of report.testResults) {
        if (suite.status === 'failed') tally.failures.push(suite.name.replace(`${REPO_ROOT}/`, ''));
      }
    }
  } catch (error) {
    tally.failed += 1;
    tally.failures.push(`test infrastructure: ${(error as Error).message}`);
  } finally {
    // When the build failed before the infrastructure was awaited, it may still come up: stop it too.
    if (infra) await stop();
    else await infraPromise.then((i) => i.stop()).catch(() => undefined);
  }

  if (tally.failed === 0) rmSync(runDir, { recursive: true, force: true });
  else log(`logs and data of this run are kept in ${runDir}`);
  log(`finished in ${Math.round((Date.now() - began) / 1000)} s`);
  if (tally.failures.length > 0) log(`failed: ${tally.failures.join('; ')}`);
  const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : '';
  process.stdout.write(`tests: ${tally.passed} passed, ${tally.failed} failed${skipped}\n`);
  return tally.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.stdout.write('tests: 0 passed, 1 failed\n');
    process.exit(1);
  },
);
