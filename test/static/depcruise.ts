import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEPCRUISE_CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');
const RUNNER = join(__dirname, 'run-depcruise.mjs');

export type Severity = 'error' | 'warn' | 'info' | 'ignore';

export interface Violation {
  rule: string;
  severity: Severity;
  from: string;
  to: string;
  cycle?: string[];
}

export interface CruiseReport {
  violations: Violation[];
  rules: { name: string; severity?: Severity }[];
  counts: { error: number; warn: number; info: number; modules: number; dependencies: number };
  modules: {
    source: string;
    dependencies: { module: string; resolved: string; couldNotResolve: boolean }[];
  }[];
}

export interface CruiseOptions {
  /** For fixture trees whose node_modules links to the repository's (see run-depcruise.mjs). */
  preserveSymlinks?: boolean;
}

/**
 * Cruises `paths` (relative to `cwd`, which is also the cruise's base
 * directory) with the rules and options of the repository's
 * .dependency-cruiser.cjs, through dependency-cruiser's `cruise` API.
 */
export function runDepcruise(cwd: string, paths: string[], options: CruiseOptions = {}): CruiseReport {
  const flags = options.preserveSymlinks ? ['--preserve-symlinks'] : [];
  const stdout = execFileSync(process.execPath, [RUNNER, ...flags, DEPCRUISE_CONFIG, ...paths], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(stdout) as CruiseReport;
}

/**
 * A dependency target as a reader would name it: `npm:<package>` for anything
 * resolved inside a node_modules folder (wherever that folder is), otherwise
 * the path as dependency-cruiser reports it (`fs` for a core module).
 */
export function target(resolved: string): string {
  const npm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(resolved);
  return npm ? `npm:${npm[1]}` : resolved;
}

/** One line per violation, for assertion messages and sorting. */
export function describeViolation(violation: Violation): string {
  return `${violation.severity} ${violation.rule}: ${violation.from} -> ${target(violation.to)}`;
}

/** Writes `files` (path relative to `root` → contents) under `root`. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/** A tsconfig.json that maps @beacon/<lib> the way the repository's does. */
export function fixtureTsconfig(): string {
  const libs = ['contracts', 'policy', 'messaging', 'auth', 'persistence', 'platform'];
  const paths = Object.fromEntries(
    libs.flatMap((lib) => [
      [`@beacon/${lib}`, [`libs/${lib}/src`]],
      [`@beacon/${lib}/*`, [`libs/${lib}/src/*`]],
    ]),
  );
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        strict: true,
        baseUrl: './',
        paths,
      },
      include: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    },
    null,
    2,
  );
}
