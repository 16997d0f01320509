#!/usr/bin/env node
// Entry of `npm start`, `npm test`, `npm run bench` and `npm run chaos` on a
// fresh clone: chooses the Node.js runtime (fetching Node.js 24 where the
// machine's is older than 22), installs the npm dependencies when they are
// missing or stale, then hands over to the TypeScript launcher. Plain
// JavaScript, because nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT as root, beaconNode, handOver, runtimeEnv } from './runtime.mjs';

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

const say = (line) => process.stdout.write(`[beacon] ${line}\n`);
let node;
try {
  node = beaconNode(say);
} catch (error) {
  process.stderr.write(`[beacon] ${error.message}\n`);
  process.exit(1);
}
say(`runtime: Node.js ${node.version} (${node.path})`);

function installed() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  // npm rewrites node_modules/.package-lock.json on every install; older than the lock file means stale.
  return statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs - 1000;
}

if (!installed()) {
  say('installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: runtimeEnv(node),
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsx as a loader inside one node process, not its CLI: the CLI is a second
// process that relays signals too, and a signal that arrives twice (from the
// terminal's process group and from us) made it kill the launcher mid-shutdown.
// The launcher stays alive until it has stopped what it started.
handOver(node, ['--import', 'tsx', join(root, launchers[command]), ...rest], { cwd: root });
