import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BeaconApp } from '@beacon/messaging';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { caFile, loadTestStack, testIssuer } from '../support/test-stack';

interface Outcome {
  status: number | null;
  stderr: string;
}

/** Runs the built app with exactly `env` and waits for it to exit. */
function runApp(app: BeaconApp, env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`beacon-${app} did not stop on a bad setting within 20 s`));
    }, 20_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

describe('a bad or missing setting stops an app with one clear line', () => {
  const stack = loadTestStack();
  const good = {
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    DATABASE_URL: stack.databaseUrl,
    PORT: '0',
  };

  it('given KAFKA_BROKERS is not host:port, when intake starts, then it exits 78 naming KAFKA_BROKERS', async () => {
    const outcome = await runApp('intake', { ...good, KAFKA_BROKERS: 'localhost' });
    expect(outcome.status).toBe(78);
    expect(outcome.stderr.trim().split('\n')).toEqual([
      'beacon-intake: invalid configuration: KAFKA_BROKERS "localhost" is not host:port; expected a comma-separated list of host:port, e.g. 127.0.0.1:9092',
    ]);
  });

  it('given DATABASE_URL is missing, when audit starts, then it exits 78 naming DATABASE_URL', async () => {
    const { DATABASE_URL: _omitted, ...env } = good;
    const issuer = testIssuer(stack);
    const outcome = await runApp('audit', {
      ...env,
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
    });
    expect(outcome.status).toBe(78);
    expect(outcome.stderr).toMatch(
      /^beacon-audit: invalid configuration: DATABASE_URL is missing; expected a URL \(postgres or postgresql\)\n$/,
    );
  });

  it('given PORT is not a number and SASL has no password, when referrals starts, then one line names both', async () => {
    const outcome = await runApp('referrals', {
      ...good,
      PORT: 'eighty',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'beacon-referrals',
    });
    expect(outcome.status).toBe(78);
    const lines = outcome.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT "eighty" is not a port number');
    expect(lines[0]).toContain(
      'KAFKA_SASL_PASSWORD is missing; it is required when KAFKA_SASL_MECHANISM is set',
    );
  });

  it('given the gateway has no token keys configured, when it starts, then it exits 78 naming AUTH_JWKS_FILE', async () => {
    const outcome = await runApp('gateway', good);
    expect(outcome.status).toBe(78);
    expect(outcome.stderr).toContain('AUTH_JWKS_FILE is missing');
  });

  it('given KAFKA_SSL_CA_FILE names no file, when intake starts, then it exits 78 naming KAFKA_SSL_CA_FILE before any connection', async () => {
    const missing = join(stack.runDir, 'no-such-ca.pem');
    const outcome = await runApp('intake', { ...good, KAFKA_SSL_CA_FILE: missing });
    expect(outcome.status).toBe(78);
    expect(outcome.stderr).toBe(
      `beacon-intake: invalid configuration: KAFKA_SSL_CA_FILE "${missing}" cannot be read (ENOENT); expected the path of a PEM file with the CA certificate of the Kafka brokers\n`,
    );
  });

  it('given the gateway has a TLS certificate but no key, when it starts, then it exits 78 naming GATEWAY_TLS_KEY_FILE', async () => {
    const issuer = testIssuer(stack);
    const outcome = await runApp('gateway', {
      ...good,
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUER: issuer.issuer,
      GATEWAY_TLS_CERT_FILE: caFile(stack.kafka.admin),
    });
    expect(outcome.status).toBe(78);
    expect(outcome.stderr).toBe(
      'beacon-gateway: invalid configuration: GATEWAY_TLS_KEY_FILE is missing; it is required when GATEWAY_TLS_CERT_FILE is set\n',
    );
  });
});
