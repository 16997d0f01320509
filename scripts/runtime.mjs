// The Node.js runtime Beacon runs on. Plain JavaScript, because it runs
// before anything is installed, under whatever Node the machine has.
//
// Beacon supports Node.js 22 and newer and is tested on 24 LTS. Where the
// machine's Node is older (Node 20 reached end of life in April 2026), the
// entry points fetch Node.js 24 once from the npm registry — the
// `node-<platform>-<arch>` package that the registry's `node` package itself
// installs — into `.beacon/cache/`, and run Beacon with it. npm checks the
// package's integrity against the registry's record as it fetches it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The oldest Node.js major Beacon runs on; below it the pinned runtime is fetched. */
export const NODE_FLOOR = 22;
/** The runtime fetched where the machine's Node is older than the floor: Node.js 24 LTS. */
export const PINNED_NODE = '24.22.3';

/**
 * kafkajs 2.2.4's request queue schedules its first throttle check with a
 * negative delay (`throttledUntil` starts at -1). Node 22 and older ran such a
 * timer after 1 ms silently; Node 24 runs it the same way but prints a
 * TimeoutNegativeWarning on every client, which would bury real warnings.
 */
const QUIET = '--disable-warning=TimeoutNegativeWarning';

const major = (version) => Number(version.replace(/^v/, '').split('.')[0]);

/** Where the pinned runtime lives once fetched. */
export function pinnedRuntimeDir(platform = process.platform, arch = process.arch) {
  return join(ROOT, '.beacon', 'cache', `node-v${PINNED_NODE}-${platform}-${arch}`);
}

/**
 * The Node.js binary to run Beacon with: this one when it is new enough,
 * otherwise the pinned runtime, fetched first if it is not in the cache.
 * Throws with what to do when it cannot be had.
 */
export function beaconNode(log) {
  if (major(process.version) >= NODE_FLOOR) return { path: process.execPath, version: process.version };
  const dir = pinnedRuntimeDir();
  const binary = join(dir, 'bin', 'node');
  if (!existsSync(binary)) {
    const pkg = `node-${process.platform}-${process.arch}@${PINNED_NODE}`;
    log(
      `Node.js ${process.version} is older than ${NODE_FLOOR}; fetching Node.js ${PINNED_NODE} ` +
        `from the npm registry (${pkg}) into .beacon/cache/ (once)…`,
    );
    mkdirSync(dirname(dir), { recursive: true });
    const work = mkdtempSync(join(dirname(dir), '.node-fetch-'));
    try {
      const packed = spawnSync('npm', ['pack', pkg, '--silent', '--pack-destination', work], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const file = packed.stdout?.trim().split('\n').pop();
      if (packed.status !== 0 || !file) {
        throw new Error(
          `could not fetch ${pkg} from the npm registry. Install Node.js ${NODE_FLOOR} or newer ` +
            `(24 LTS recommended) and run the command again.`,
        );
      }
      const unpacked = spawnSync('tar', ['-xzf', join(work, file), '-C', work], { stdio: 'inherit' });
      if (unpacked.status !== 0) throw new Error(`could not unpack ${file}`);
      chmodSync(join(work, 'package', 'bin', 'node'), 0o755);
      // Renamed into place last, so an interrupted fetch never leaves a half runtime behind.
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(work, 'package'), dir);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`the fetched runtime at ${binary} does not run; remove ${dir} and try again`);
  }
  return { path: binary, version: probe.stdout.trim() };
}

/**
 * The environment for processes started with `node`: the chosen runtime's
 * folder first on PATH, so `npx`, npm scripts and `#!/usr/bin/env node`
 * tools run on it too.
 */
export function runtimeEnv(node, env = process.env) {
  const options = env.NODE_OPTIONS ?? '';
  return {
    ...env,
    PATH: `${dirname(node.path)}:${env.PATH ?? ''}`,
    NODE_OPTIONS: options.includes(QUIET) ? options : `${options} ${QUIET}`.trim(),
  };
}

/**
 * Runs `args` with the given runtime, passes signals on and exits with its
 * status; the caller does nothing after this.
 */
export function handOver(node, args, options = {}) {
  const child = spawn(node.path, args, { stdio: 'inherit', env: runtimeEnv(node), ...options });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}
