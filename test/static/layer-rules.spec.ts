/**
 * Proves that the layer rules in .dependency-cruiser.cjs bite: a throwaway
 * tree shaped like the repository (apps/<name>/src, libs/<name>/src, test/)
 * breaks each rule once, and must be reported exactly so; a clean tree that
 * uses every allowed direction must report nothing.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CruiseReport,
  REPO_ROOT,
  describeViolation,
  fixtureTsconfig,
  runDepcruise,
  writeTree,
} from './depcruise';

const CRUISE_TIMEOUT_MS = 120_000;

/** Packages the fixtures declare; anything else from node_modules is undeclared. */
const fixturePackageJson = JSON.stringify({
  name: 'beacon-layer-rules-fixture',
  private: true,
  dependencies: { '@nestjs/common': '*', kafkajs: '*', typeorm: '*' },
});

const VIOLATING_TREE: Record<string, string> = {
  // apps-not-to-other-apps
  'apps/a/src/x.ts': "import { y } from '../../b/src/y';\nexport const x = y + 1;\n",
  'apps/b/src/y.ts': 'export const y = 1;\n',
  // ... and "a" is not a prefix licence for "ab"
  'apps/a/src/prefix-sibling.ts': "import { v } from '../../ab/src/v';\nexport const p = v;\n",
  'apps/ab/src/v.ts': 'export const v = 2;\n',
  // policy-is-pure
  'libs/policy/src/z.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import { Kafka } from 'kafkajs';",
    "import { readFileSync } from 'node:fs';",
    'export const z = [Injectable, Kafka, readFileSync];',
    '',
  ].join('\n'),
  // libs-not-to-apps
  'libs/messaging/src/w.ts': "import { x } from '../../../apps/a/src/x';\nexport const w = x;\n",
  // not-to-test: a test helper and a spec file
  'libs/auth/src/t.ts': "import { helper } from '../../../test/helpers/h';\nexport const t = helper;\n",
  'test/helpers/h.ts': 'export const helper = 3;\n',
  'apps/a/src/uses-spec.ts': "import { spec } from './x.spec';\nexport const u = spec;\n",
  'apps/a/src/x.spec.ts': "import { x } from './x';\nexport const spec = x;\n",
  // no-non-package-json: pg is installed, but not in this tree's package.json
  'libs/persistence/src/u.ts': "import { Pool } from 'pg';\nexport const u = Pool;\n",
  // no-circular (a warning, not an error)
  'apps/c/src/p.ts': "import { q } from './q';\nexport const p = (): number => q() + 1;\n",
  'apps/c/src/q.ts': "import { p } from './p';\nexport const q = (): number => (p.length > 0 ? 0 : 1);\n",
};

const EXPECTED_VIOLATIONS = [
  'error apps-not-to-other-apps: apps/a/src/x.ts -> apps/b/src/y.ts',
  'error apps-not-to-other-apps: apps/a/src/prefix-sibling.ts -> apps/ab/src/v.ts',
  'error libs-not-to-apps: libs/messaging/src/w.ts -> apps/a/src/x.ts',
  'error policy-is-pure: libs/policy/src/z.ts -> npm:@nestjs/common',
  'error policy-is-pure: libs/policy/src/z.ts -> npm:kafkajs',
  'error policy-is-pure: libs/policy/src/z.ts -> fs',
  'error not-to-test: libs/auth/src/t.ts -> test/helpers/h.ts',
  'error not-to-test: apps/a/src/uses-spec.ts -> apps/a/src/x.spec.ts',
  'error no-non-package-json: libs/persistence/src/u.ts -> npm:pg',
  // dependency-cruiser reports a cycle once, at its first edge
  'warn no-circular: apps/c/src/p.ts -> apps/c/src/q.ts',
];

/** Every allowed direction once: app → own files, app → libs, lib → lib, policy → contracts, test → all. */
const CLEAN_TREE: Record<string, string> = {
  'apps/a/src/main.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import { c } from '@beacon/contracts';",
    "import { decide } from '@beacon/policy';",
    "import { publish } from '@beacon/messaging';",
    "import { helper } from './helper';",
    'export const main = [Injectable, c, decide, publish, helper];',
    '',
  ].join('\n'),
  'apps/a/src/helper.ts': 'export const helper = 1;\n',
  'apps/a/src/main.spec.ts': [
    "import { main } from './main';",
    "import { fixture } from '../../../test/helpers/h';",
    'export const spec = [main, fixture];',
    '',
  ].join('\n'),
  'apps/b/src/main.ts': "import { DataSource } from 'typeorm';\nexport const b = DataSource;\n",
  'libs/contracts/src/index.ts': 'export const c = 1;\n',
  'libs/policy/src/index.ts': [
    "import { c } from '@beacon/contracts';",
    "import { rule } from './rule';",
    'export const decide = (): number => c + rule;',
    '',
  ].join('\n'),
  'libs/policy/src/rule.ts': 'export const rule = 2;\n',
  'libs/messaging/src/index.ts': [
    "import { Kafka } from 'kafkajs';",
    "import { readFileSync } from 'node:fs';",
    "import { c } from '@beacon/contracts';",
    'export const publish = [Kafka, readFileSync, c];',
    '',
  ].join('\n'),
  'test/helpers/h.ts': 'export const fixture = 3;\n',
  'test/e2e/flow.e2e-spec.ts': [
    "import { main } from '../../apps/a/src/main';",
    "import { b } from '../../apps/b/src/main';",
    "import { fixture } from '../helpers/h';",
    'export const flow = [main, b, fixture];',
    '',
  ].join('\n'),
};

function makeFixture(root: string, files: Record<string, string>): void {
  writeTree(root, { ...files, 'package.json': fixturePackageJson, 'tsconfig.json': fixtureTsconfig() });
  // npm packages come from the repository's own install; with preserveSymlinks they
  // resolve to node_modules/<name>/... here exactly as they do in the repository.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'junction');
}

describe('layer rules in .dependency-cruiser.cjs', () => {
  let tmp: string;
  let violating: CruiseReport;
  let clean: CruiseReport;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'beacon-layer-rules-'));
    makeFixture(join(tmp, 'violating'), VIOLATING_TREE);
    makeFixture(join(tmp, 'clean'), CLEAN_TREE);
    violating = runDepcruise(join(tmp, 'violating'), ['apps', 'libs', 'test'], { preserveSymlinks: true });
    clean = runDepcruise(join(tmp, 'clean'), ['apps', 'libs', 'test'], { preserveSymlinks: true });
  }, CRUISE_TIMEOUT_MS);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has the agreed rules, every one an error except no-circular', () => {
    const rules = Object.fromEntries(violating.rules.map(({ name, severity }) => [name, severity]));
    expect(rules).toEqual({
      'apps-not-to-other-apps': 'error',
      'libs-not-to-apps': 'error',
      'policy-is-pure': 'error',
      'no-circular': 'warn',
      'not-to-test': 'error',
      'no-non-package-json': 'error',
    });
  });

  it('reports exactly the expected violation for each broken rule, and nothing else', () => {
    const reported = violating.violations.map(describeViolation);
    expect([...reported].sort()).toEqual([...EXPECTED_VIOLATIONS].sort());
  });

  it('sees npm packages where the repository sees them, under node_modules/ (so excluding that folder would show)', () => {
    const policy = violating.violations.filter((v) => v.rule === 'policy-is-pure').map((v) => v.to);
    expect(policy.sort()).toEqual([
      'fs',
      expect.stringMatching(/^node_modules\/@nestjs\/common\//),
      expect.stringMatching(/^node_modules\/kafkajs\//),
    ]);
  });

  it('reports nothing for a tree that only uses allowed directions', () => {
    expect(clean.violations.map(describeViolation)).toEqual([]);
    expect(clean.counts.modules).toBeGreaterThanOrEqual(Object.keys(CLEAN_TREE).length);
  });

  it('resolves the @beacon/* aliases through tsconfig paths (or rules on libs would see nothing)', () => {
    const main = clean.modules.find((m) => m.source === 'apps/a/src/main.ts');
    const contracts = main?.dependencies.find((d) => d.module === '@beacon/contracts');
    expect(contracts).toMatchObject({ resolved: 'libs/contracts/src/index.ts', couldNotResolve: false });
  });
});
