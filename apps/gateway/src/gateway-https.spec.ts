import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@beacon/platform';
import { gatewayHttps } from './gateway-https';

describe('the gateway serves HTTPS', () => {
  let dir: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-https-'));
    cert = join(dir, 'cert.pem');
    key = join(dir, 'key.pem');
    writeFileSync(cert, 'CERT');
    writeFileSync(key, 'KEY');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a certificate and a key, then both are served', () => {
    expect(gatewayHttps({ GATEWAY_TLS_CERT_FILE: cert, GATEWAY_TLS_KEY_FILE: key })).toEqual({
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
    });
  });

  it('given neither, then the gateway serves plain HTTP', () => {
    expect(gatewayHttps({})).toBeUndefined();
  });

  it('given a certificate without its key (or the reverse), then the start stops naming the missing setting', () => {
    expect(() => gatewayHttps({ GATEWAY_TLS_CERT_FILE: cert })).toThrow(ConfigError);
    expect(() => gatewayHttps({ GATEWAY_TLS_CERT_FILE: cert })).toThrow(
      'GATEWAY_TLS_KEY_FILE is missing; it is required when GATEWAY_TLS_CERT_FILE is set',
    );
    expect(() => gatewayHttps({ GATEWAY_TLS_KEY_FILE: key })).toThrow(
      'GATEWAY_TLS_CERT_FILE is missing; it is required when GATEWAY_TLS_KEY_FILE is set',
    );
  });
});
