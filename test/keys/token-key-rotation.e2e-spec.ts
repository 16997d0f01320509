/**
 * Rotating the token-signing key without downtime: `npx beacon keys rotate
 * --kind token` gives new tokens a new kid while the running gateway keeps
 * accepting tokens of the old key until its grace period ends, and refuses
 * them after, all without a restart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localIssuer, type LocalIssuer } from '../../scripts/lib/issuer';
import { REPO_ROOT } from '../../scripts/lib/paths';
import type { RunningApp } from '../../scripts/lib/stack';
import { eventually } from '../support/eventually';
import { loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid: string }).kid;
}

function rotate(keysDir: string, graceHours: number) {
  const result = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'cli', 'beacon.mjs'),
      'keys',
      'rotate',
      '--kind',
      'token',
      '--keys-dir',
      keysDir,
      '--grace-hours',
      String(graceHours),
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('token-signing key rotation: new kid at once, old tokens valid through the grace period, no restart', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let scratch: string;
  let keysDir: string;
  let gateway: RunningApp;

  const mint = (issuer: LocalIssuer) =>
    issuer.mint(
      {
        subject: 'worker:metro-police:rotation',
        partnerId: 'metro-police',
        sector: 'law-enforcement',
        roles: ['case-worker'],
      },
      3600,
    );
  const me = async (token: string) => {
    try {
      const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } catch (error) {
      // The CLI runs synchronously for seconds; the kept-alive socket may have been closed meanwhile.
      return { status: 0, body: { error: (error as Error).message } };
    }
  };

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police']);
    scratch = mkdtempSync(join(tmpdir(), 'beacon-key-rotation-'));
    keysDir = join(scratch, 'keys');
    const issuer = localIssuer(keysDir);
    gateway = await startApp(stack, 'gateway', ns.namespace, {
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    if (ns) {
      await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_gateway" CASCADE`));
      await ns.dispose();
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('given tokens of the first key, when the key is rotated twice, then each key works through its grace and is refused as key_retired after it', async () => {
    // given
    const first = mint(localIssuer(keysDir));
    expect(await me(first)).toMatchObject({ status: 200, body: { partnerId: 'metro-police' } });

    // when: rotated with an hour of grace
    const once = rotate(keysDir, 1);
    const second = mint(localIssuer(keysDir));

    // then: new tokens carry the new kid, and both are accepted by the running gateway
    expect(once).toMatchObject({
      status: 0,
      output: expect.stringContaining(`new tokens carry kid ${kidOf(second)}`),
    });
    expect(kidOf(second)).not.toBe(kidOf(first));
    await eventually(
      'the gateway accepting the new kid',
      () => me(second),
      (answer) => answer.status === 200,
    );
    expect(await me(first)).toMatchObject({ status: 200 });

    // when: rotated again with no grace at all
    const twice = rotate(keysDir, 0);
    const third = mint(localIssuer(keysDir));

    // then: the second key is retired at once, the first keeps its hour, the third is the signing key
    expect(twice.status).toBe(0);
    const refused = await eventually(
      'the gateway refusing the retired kid',
      () => me(second),
      (answer) => answer.status === 401,
    );
    expect(refused.body).toMatchObject({ code: 'key_retired' });
    expect(await me(third)).toMatchObject({ status: 200 });
    expect(await me(first)).toMatchObject({ status: 200 });
    expect(new Set([kidOf(first), kidOf(second), kidOf(third)]).size).toBe(3);
  });
});
