/**
 * DESIGN.md: "Every field that any Beacon API returns is decided by the same
 * engine." The policy file's `apiFields` is where that is written down: each
 * route either answers with a view the engine decides per caller, or is
 * listed as operational with the reason. This reads every HTTP controller of
 * the apps and fails on a route the policy does not name, so a new route
 * cannot answer without someone deciding what it may show.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadApiView } from '@beacon/contracts';
import { compilePolicyFile } from '@beacon/policy';

const ROOT = join(__dirname, '..', '..');
const POLICY_FILE = join(ROOT, 'config', 'policies', 'beacon-default.v1.json');
const policy = compilePolicyFile(readFileSync(POLICY_FILE, 'utf8'), POLICY_FILE);
const apiFields = policy.document.apiFields;

function controllers(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return controllers(path);
    return name.endsWith('.http.controller.ts') ? [path] : [];
  });
}

/** `METHOD /path` of every route a controller declares (the referral actions through their route decorator). */
function routesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const argument = /@Controller\(\s*([^)]*?)\s*\)/.exec(text)?.[1];
  if (argument === undefined) return [];
  // A literal, or a constant of the same file (`@Controller(INGEST_ROUTE)`).
  const prefix = argument.startsWith("'")
    ? argument.slice(1, -1)
    : argument === ''
      ? ''
      : (new RegExp(`const ${argument} = '([^']*)'`).exec(text)?.[1] ?? `<${argument}>`);
  const join2 = (path: string) => `/${[prefix, path].filter((p) => p !== '').join('/')}`;
  const routes: string[] = [];
  for (const match of text.matchAll(/@(Get|Post|Put|Patch|Delete)\(\s*(?:'([^']*)')?\s*\)/g))
    routes.push(`${(match[1] as string).toUpperCase()} ${join2(match[2] ?? '')}`);
  for (const match of text.matchAll(/ReferralActionRoute\(\{\s*action:\s*'([^']+)'/g))
    routes.push(`POST ${join2(`:id/${match[1]}`)}`);
  return routes;
}

function covers(policyRoute: string, route: string): boolean {
  const [method, template] = policyRoute.split(' ');
  const [routeMethod, path] = route.split(' ');
  if (method !== routeMethod || template === undefined || path === undefined) return false;
  const pattern = template
    .split('/')
    .map((part) => (part === '*' ? '.+' : part.startsWith(':') ? '[^/]+' : part.replace(/[.]/g, '\\.')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(path);
}

describe('apiFields: every route of every Beacon API is under the sector policy', () => {
  const declared = ['gateway', 'referrals', 'audit'].flatMap((app) =>
    controllers(join(ROOT, 'apps', app, 'src')).flatMap((file) =>
      routesOf(file).map((route) => ({ route, file: relative(ROOT, file) })),
    ),
  );
  const named = [...(apiFields?.views ?? []), ...(apiFields?.operational ?? [])].flatMap((entry) =>
    entry.routes.map((route) => ({ route, id: entry.id })),
  );

  it('given the apps’ controllers, then the scan finds their routes (the referral API, consents, inbox, audit)', () => {
    const routes = declared.map((d) => d.route);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /v1/referrals',
        'GET /v1/referrals/:id',
        'POST /v1/referrals/:id/accept',
        'GET /v1/subjects/:id/consents',
        'GET /v1/inbox',
        'GET /v1/audit/records',
        'GET /v1/me',
      ]),
    );
  });

  it('given every declared route, then the policy names it as a decided view or as operational with its reason', () => {
    const unnamed = declared.filter(({ route }) => !named.some((n) => covers(n.route, route)));
    expect(unnamed).toEqual([]);
  });

  it('given the views the policy names, then each has a schema with a category on every leaf, and the subject id is identity', () => {
    for (const view of apiFields?.views ?? []) {
      const loaded = loadApiView(view.schema.replace(/^api\//, '').replace(/\.json$/, ''));
      expect(loaded.categories.size).toBeGreaterThan(0);
      if (loaded.categories.has('/subjectId')) expect(loaded.categories.get('/subjectId')).toBe('identity');
    }
  });
});
