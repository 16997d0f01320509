import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, issueToken, writeJwksFile, type SigningJwk } from '@beacon/auth';
import { BEACON_APPS, type BeaconApp } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { loadTestStack, startApp, SuiteNamespace, withDatabase } from '../support/test-stack';

const USES_POSTGRES: Record<BeaconApp, boolean> = {
  gateway: true,
  intake: false,
  redaction: true,
  referrals: true,
  audit: true,
};

describe('every app boots against the real broker and Postgres', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let keysDir: string;
  let signingKey: SigningJwk;
  const running = new Map<BeaconApp, RunningApp>();
  const health = new Map<BeaconApp, unknown>();

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour']);
    keysDir = mkdtempSync(join(tmpdir(), 'beacon-keys-'));
    const { privateJwk, publicJwk } = generateSigningKey('boot-test', 'ES256');
    signingKey = privateJwk;
    writeJwksFile(join(keysDir, 'jwks.json'), [publicJwk]);
    const gatewayAuth = {
      AUTH_JWKS_FILE: join(keysDir, 'jwks.json'),
      AUTH_ISSUER: 'urn:beacon:test',
      AUTH_AUDIENCE: 'beacon',
    };
    // One app at a time: five JVM-free Node processes still compete for two cores.
    for (const app of BEACON_APPS) {
      const app$ = await startApp(stack, app, ns.namespace, app === 'gateway' ? gatewayAuth : {});
      running.set(app, app$);
      health.set(app, await (await fetch(`http://127.0.0.1:${app$.port}/health`)).json());
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((app) => app.stop()));
    if (!ns) return;
    await withDatabase(stack, async (db) => {
      for (const app of BEACON_APPS) await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
    });
    rmSync(keysDir, { recursive: true, force: true });
    await ns.dispose();
  });

  it.each(BEACON_APPS)(
    'given beacon-%s is running, when its health is asked, then Kafka (and Postgres where it keeps state) are up',
    (app) => {
      const body = health.get(app) as { status: string; info: Record<string, { status: string }> };
      expect(body.status).toBe('ok');
      expect(body.info.kafka).toMatchObject({ status: 'up', brokers: 1 });
      if (USES_POSTGRES[app]) expect(body.info.postgres).toEqual({ status: 'up' });
      else expect(body.info.postgres).toBeUndefined();
    },
  );

  it('given the apps that keep state, when they started, then each created its own schema with a migrations table', async () => {
    const schemas = await withDatabase(stack, async (db) => {
      const result = await db.query<{ table_schema: string }>(
        `SELECT table_schema FROM information_schema.tables WHERE table_schema LIKE $1 AND table_name = 'migrations'`,
        [`${ns.namespace}_%`],
      );
      return result.rows.map((r) => r.table_schema).sort();
    });
    const expected = BEACON_APPS.filter((app) => USES_POSTGRES[app])
      .map((app) => `${ns.namespace}_${app}`)
      .sort();
    expect(schemas).toEqual(expected);
  });

  it('given the gateway, when /v1/me is asked without a token, then it answers 401 while /health stays public', async () => {
    const gateway = running.get('gateway') as RunningApp;
    const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/me`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, code: 'missing_token' });
  });

  it('given a token signed by a key in the JWKS file, when /v1/me is asked, then the gateway names the principal', async () => {
    const gateway = running.get('gateway') as RunningApp;
    const token = issueToken({
      privateJwk: signingKey,
      issuer: 'urn:beacon:test',
      audience: 'beacon',
      ttlSeconds: 300,
      principal: { subject: 'worker:7', partnerId: 'safe-harbour', sector: 'ngo', roles: ['case-worker'] },
    });
    const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      subject: 'worker:7',
      partnerId: 'safe-harbour',
      sector: 'ngo',
      roles: ['case-worker'],
    });
  });

  it('given every app, when it receives SIGTERM, then it shuts down cleanly with status 0', async () => {
    const statuses = await Promise.all([...running.values()].map((app) => app.stop()));
    expect(statuses).toEqual(BEACON_APPS.map(() => 0));
    running.clear();
  });
});
