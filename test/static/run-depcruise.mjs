/**
 * Runs dependency-cruiser through its API (`cruise`), with the rules and
 * options of a dependency-cruiser config file, the way `depcruise` does, and
 * prints the violations and a few counts as JSON on stdout.
 *
 *   node test/static/run-depcruise.mjs [--preserve-symlinks] <config file> <file or folder>...
 *
 * Paths are taken relative to the working directory, which is also the base
 * directory of the cruise and where the config's `tsConfig.fileName` is read.
 * --preserve-symlinks is for fixture trees whose node_modules is a link to
 * the repository's: npm packages then resolve to `node_modules/<name>/...`
 * exactly as they do in the repository, instead of to the link's target.
 *
 * Why a separate process: dependency-cruiser 16 is published as ES modules
 * only, and Jest 29 runs specs as CommonJS in a VM that cannot `import()`
 * without --experimental-vm-modules. The specs under test/static spawn this
 * script instead.
 */
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const args = process.argv.slice(2);
const preserveSymlinks = args[0] === '--preserve-symlinks';
const [configFile, ...paths] = preserveSymlinks ? args.slice(1) : args;
if (!configFile || paths.length === 0) {
  process.stderr.write(
    'usage: node run-depcruise.mjs [--preserve-symlinks] <config file> <file or folder>...\n',
  );
  process.exit(2);
}

const options = await extractDepcruiseOptions(resolve(configFile));
const tsConfigFile = options.tsConfig?.fileName;
const result = await cruise(
  paths,
  {
    ...options,
    baseDir: process.cwd(),
    outputType: 'json',
    ...(preserveSymlinks ? { preserveSymlinks } : {}),
  },
  // The CLI hands the tsconfig to the resolver itself; through the API it is
  // our job, or the @beacon/* path aliases would not resolve.
  tsConfigFile ? { tsConfig: tsConfigFile } : {},
  tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
);

const cruiseResult = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
const { summary, modules } = cruiseResult;
process.stdout.write(
  JSON.stringify({
    violations: summary.violations.map(({ rule, from, to, cycle }) => ({
      rule: rule.name,
      severity: rule.severity,
      from,
      to,
      ...(cycle ? { cycle: cycle.map((step) => step.name ?? step) } : {}),
    })),
    rules: (options.ruleSet.forbidden ?? []).map(({ name, severity }) => ({ name, severity })),
    counts: {
      error: summary.error,
      warn: summary.warn,
      info: summary.info,
      modules: summary.totalCruised,
      dependencies: summary.totalDependenciesCruised,
    },
    modules: modules.map((module) => ({
      source: module.source,
      dependencies: module.dependencies.map((dependency) => ({
        module: dependency.module,
        resolved: dependency.resolved,
        couldNotResolve: dependency.couldNotResolve,
      })),
    })),
  }),
);
