// @ts-check
/**
 * ESLint 9 flat config for the whole monorepo. Deliberately not type-aware
 * (no parserOptions.project): lint has to stay fast enough to run on every
 * save and in CI; tsc (`npm run typecheck`) does the type checking.
 */
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SPEC_FILES = ['**/*.spec.ts', '**/*.e2e-spec.ts'];

/** Focused or skipped tests must never be committed (STYLE.md, "Tests tell the truth"). */
const FOCUS_OR_SKIP_MESSAGE = 'No focused or skipped tests: a suite that runs partly cannot tell the truth.';
const TEST_FUNCTIONS = ['describe', 'it', 'test'];
const focusedOrSkippedProperties = TEST_FUNCTIONS.flatMap((object) =>
  ['only', 'skip'].map((property) => ({ object, property, message: FOCUS_OR_SKIP_MESSAGE })),
);
const focusedOrSkippedCalls = ['xit', 'xdescribe', 'xtest', 'fit', 'fdescribe'].map((name) => ({
  selector: `CallExpression[callee.type='Identifier'][callee.name='${name}']`,
  message: `${name}() focuses or skips tests. ${FOCUS_OR_SKIP_MESSAGE}`,
}));

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', '.beacon/', 'coverage/', 'infra/kafka/target/']),

  eslint.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Services log through Nest's logger (pino); console output bypasses levels and redaction.
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  {
    // package.json has no "type": plain .js and .cjs files are CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  {
    // Command-line tools talk to a person on the terminal.
    files: ['scripts/**'],
    rules: { 'no-console': 'off' },
  },

  {
    files: SPEC_FILES,
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      // Test doubles and deliberately malformed input are sometimes easiest to type loosely.
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-restricted-properties': ['error', ...focusedOrSkippedProperties],
      'no-restricted-syntax': ['error', ...focusedOrSkippedCalls],
    },
  },
);
