import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/free-port';
import { ensureLocalTls } from '../../scripts/lib/local-ca';
import { appEnvironment, spawnApp, type RunningApp } from '../../scripts/lib/stack';
import { eventually } from '../support/eventually';
import { loadTestStack, SuiteNamespace, testIssuer, withDatabase } from '../support/test-stack';

/** GET over HTTPS that trusts only `ca`; resolves with the status and the TLS protocol agreed. */
async function httpsStatus(url: string, ca: string): Promise<{ status?: number; protocol?: string | null }> {
  const request = httpsGet(url, { ca, rejectUnauthorized: true });
  const [response] = (await once(request, 'response')) as [import('node:http').IncomingMessage];
  response.resume();
  const socket = response.socket as import('node:tls').TLSSocket;
  return { status: response.statusCode, protocol: socket.getProtocol() };
}

describe('the gateway serves HTTPS when given a certificate and a key', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let gateway: RunningApp;
  let tlsDir: string;
  let ca: string;

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police']);
    // A certificate for 127.0.0.1 from a CA of this suite's own.
    tlsDir = join(stack.runDir, `gateway-tls-${ns.namespace}`);
    const tls = ensureLocalTls(tlsDir);
    ca = readFileSync(tls.caFile, 'utf8');
    const issuer = testIssuer(stack);
    const env = appEnvironment('gateway', stack, {
      PORT: String(await freePort()),
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      BEACON_TOPIC_NAMESPACE: ns.namespace,
      DATABASE_SCHEMA: `${ns.namespace}_gateway`,
      GATEWAY_TLS_CERT_FILE: join(tlsDir, 'broker.pem'),
      GATEWAY_TLS_KEY_FILE: join(tlsDir, 'broker.key'),
    });
    gateway = spawnApp('gateway', env, join(stack.runDir, 'logs', ns.namespace));
    // The shared health wait speaks plain HTTP; this gateway answers only over HTTPS.
    await eventually(
      'beacon-gateway answering /health over HTTPS',
      () =>
        httpsStatus(`https://127.0.0.1:${gateway.port}/health`, ca).catch((e: Error) => ({
          error: e.message,
        })),
      (answer) => 'status' in answer && answer.status === 200,
      90_000,
    );
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    if (ns) {
      await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_gateway" CASCADE`));
      await ns.dispose();
    }
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('given a client that trusts the CA, when it asks for /health over HTTPS, then the gateway answers over TLS', async () => {
    await expect(httpsStatus(`https://127.0.0.1:${gateway.port}/health`, ca)).resolves.toEqual({
      status: 200,
      protocol: 'TLSv1.3',
    });
    expect(readFileSync(gateway.logFile, 'utf8')).toContain(
      `beacon-gateway listening on https://127.0.0.1:${gateway.port}`,
    );
  });

  it('given a client that speaks plain HTTP to the same port, then it gets no answer', async () => {
    const request = httpGet(`http://127.0.0.1:${gateway.port}/health`);
    await expect(once(request, 'response')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
