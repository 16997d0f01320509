#!/usr/bin/env node
// Entry of `npm start` and `npm test` on a fresh clone: installs the npm
// dependencies when they are missing or stale, then hands over to the
// TypeScript launcher. Plain JavaScript, because nothing else is installed yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const launchers = {
  start: 'scripts/start.ts',
  test: 'scripts/test.ts',
  bench: 'bench/run.ts',
  chaos: 'bench/chaos/main.ts',
};
if (!launchers[command]) {
  process.stderr.write('usage: node scripts/bootstrap.mjs start|test|bench|chaos\n');
  process.exit(2);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20 || (major === 20 && Number(process.versions.node.split('.')[1]) < 19)) {
  process.stderr.write(`Beacon needs Node.js 20.19 or newer; this is ${process.version}\n`);
  process.exit(1);
}

function installed() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  // npm rewrites node_modules/.package-lock.json on every install; older than the lock file means stale.
  return statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs - 1000;
}

if (!installed()) {
  process.stdout.write('[beacon] installing npm dependencies (npm ci)…\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsx as a loader inside one node process, not its CLI: the CLI is a second
// process that relays signals too, and a signal that arrives twice (from the
// terminal's process group and from us) made it kill the launcher mid-shutdown.
const child = spawn(process.execPath, ['--import', 'tsx', join(root, launchers[command]), ...rest], {
  cwd: root,
  stdio: 'inherit',
});
// Stay alive until the launcher has stopped what it started; pass signals on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
