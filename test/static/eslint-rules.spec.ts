/**
 * Proves the project-specific lint rules in eslint.config.mjs bite: focused
 * and skipped tests, `any` outside specs, console output outside scripts/,
 * unused arguments not marked with a leading underscore.
 *
 * ESLint runs as its CLI in a child process (reading the code from stdin under
 * a file name of our choosing): its Node API loads eslint.config.mjs with
 * import(), which Jest's CommonJS VM cannot do.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './depcruise';

const ESLINT_BIN = join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const LINT_TIMEOUT_MS = 60_000;

interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  line: number;
  message: string;
}

/** Lints `code` as if it were the file `fileName` (relative to the repository root). */
function lint(fileName: string, code: string): LintMessage[] {
  const run = spawnSync(
    process.execPath,
    [ESLINT_BIN, '--stdin', '--stdin-filename', fileName, '--format', 'json'],
    { cwd: REPO_ROOT, input: code, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  // 0: clean, 1: lint errors; anything else is ESLint itself failing.
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`eslint exited with ${run.status}: ${run.stderr}`);
  }
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages;
}

function summarize(messages: LintMessage[]): string[] {
  const severity = { 1: 'warn', 2: 'error' } as const;
  return messages.map((m) => `${m.line} ${severity[m.severity]} ${m.ruleId ?? `(fatal) ${m.message}`}`);
}

/** Each banned form on its own line, then forms that must stay allowed. */
const FOCUSED_OR_SKIPPED = [
  ["describe.only('1', () => undefined);", 'no-restricted-properties'],
  ["it.only('2', () => undefined);", 'no-restricted-properties'],
  ["test.only('3', () => undefined);", 'no-restricted-properties'],
  ["describe.skip('4', () => undefined);", 'no-restricted-properties'],
  ["it.skip('5', () => undefined);", 'no-restricted-properties'],
  ["test.skip('6', () => undefined);", 'no-restricted-properties'],
  ["xit('7', () => undefined);", 'no-restricted-syntax'],
  ["xdescribe('8', () => undefined);", 'no-restricted-syntax'],
  ["xtest('9', () => undefined);", 'no-restricted-syntax'],
  ["fit('10', () => undefined);", 'no-restricted-syntax'],
  ["fdescribe('11', () => undefined);", 'no-restricted-syntax'],
  ["it.only.each([1])('12 %s', () => undefined);", 'no-restricted-properties'],
] as const;

const ALLOWED_IN_SPECS = [
  "describe('runs', () => {",
  "  it('runs', () => undefined);",
  "  test.each([1])('runs %s', () => undefined);",
  '});',
  'export const loose: any = 1;',
];

describe('lint rules in eslint.config.mjs', () => {
  it(
    'forbids every focused or skipped test form in spec files, and allows the rest',
    () => {
      const code = [...FOCUSED_OR_SKIPPED.map(([line]) => line), ...ALLOWED_IN_SPECS].join('\n') + '\n';
      const reported = summarize(lint('apps/demo/src/demo.spec.ts', code));

      const anyLine = FOCUSED_OR_SKIPPED.length + ALLOWED_IN_SPECS.length;
      expect(reported).toEqual([
        ...FOCUSED_OR_SKIPPED.map(([, rule], index) => `${index + 1} error ${rule}`),
        // `any` is only a warning in specs.
        `${anyLine} warn @typescript-eslint/no-explicit-any`,
      ]);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'rejects any, console and unused arguments in production code, but not _-prefixed arguments',
    () => {
      const code = [
        'export const loose: any = 1;',
        "console.log('hello');",
        'export function handler(_event: string, unused: number): number {',
        '  return 1;',
        '}',
        '',
      ].join('\n');
      expect(summarize(lint('libs/policy/src/demo.ts', code))).toEqual([
        '1 error @typescript-eslint/no-explicit-any',
        '2 error no-console',
        '3 error @typescript-eslint/no-unused-vars',
      ]);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'lets command-line scripts write to the console',
    () => {
      expect(summarize(lint('scripts/demo.ts', "console.log('hello');\n"))).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );
});
