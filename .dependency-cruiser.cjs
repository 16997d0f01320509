/**
 * Beacon's layer rules as code (see shared DESIGN.md, "Parts", and STYLE.md,
 * "Layer rules are code"). Run with `npm run deps:check`, i.e.
 * `depcruise apps libs test scripts --config .dependency-cruiser.cjs`.
 *
 * test/static/layer-rules.spec.ts proves each rule below bites on a small
 * fixture tree, and test/static/repo-layers.spec.ts runs them on the repo.
 */

/** Spec files and the test/ tree: they may import anything, nothing may import them. */
const TEST_CODE = ['^test/', '[.](?:spec|e2e-spec|test)[.](?:ts|js|mts|cts|mjs|cjs)$'];

/**
 * I/O and framework packages that the pure decision engine must not touch.
 * Resolved npm packages show up as `.../node_modules/<name>/...` (or their
 * `@types/<name>` when only types are imported); a package that cannot be
 * resolved shows up under its bare name, so both forms are matched.
 */
const IMPURE_PACKAGES = '(?:@nestjs/[^/]+|kafkajs|typeorm|pg|jsonwebtoken)';
const IMPURE_NODE_MODULES =
  '(?:fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|cluster|worker_threads)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      comment:
        'Apps never import each other. A rule two apps need goes into a lib under libs/ ' +
        '(DESIGN.md, "Parts").',
      // $1 in `to` is replaced by the first group matched in `from.path`, so
      // apps/gateway/... may reach apps/gateway/... but no other apps/<name>/.
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/[^/]+/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libs never import apps: the dependency points from apps to libs, never back.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment:
        'libs/policy is the pure decision engine: no Nest, no kafkajs, no TypeORM, no pg, ' +
        'no jsonwebtoken and no node I/O modules. Keep those at the edge (an app or another lib).',
      from: { path: '^libs/policy/' },
      to: {
        path: [
          `(?:^|/)node_modules/(?:@types/)?${IMPURE_PACKAGES}(?:/|$)`,
          `^${IMPURE_PACKAGES}(?:/|$)`,
          `^(?:node:)?${IMPURE_NODE_MODULES}$`,
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      comment:
        'This dependency is part of a circular relationship. Break it with dependency inversion ' +
        '(a port in the lower layer) or by moving the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment:
        'Production code (apps, libs, scripts) may not import from test/ or from spec files. ' +
        'Move what both need into a lib or a non-spec helper.',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        "This module depends on an npm package that isn't declared in package.json (it is only " +
        'there as a transitive dependency, or has no package.json). Add it to package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Only the project's own build output and scratch folders are excluded;
    // node_modules is *not* excluded (only not followed), because excluding it
    // would drop the edges to npm packages that policy-is-pure and
    // no-non-package-json have to see.
    exclude: { path: ['^(?:dist|\\.beacon|coverage|infra/kafka/target)/', '(?:^|/)(?:dist|\\.beacon)/'] },
    tsPreCompilationDeps: true,
    // Resolves the @beacon/<lib> aliases through compilerOptions.paths.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      archi: {
        collapsePattern: '^(?:apps|libs)/[^/]+|node_modules/(?:@[^/]+/[^/]+|[^/]+)',
      },
    },
  },
};
