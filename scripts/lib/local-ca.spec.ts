import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalTls } from './local-ca';

describe('the local CA and the broker certificate', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-ca-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given an empty folder, then the broker certificate names 127.0.0.1 and localhost and is signed by the new CA', () => {
    const tls = ensureLocalTls(dir);
    const ca = new X509Certificate(readFileSync(tls.caFile));
    const broker = new X509Certificate(readFileSync(join(dir, 'broker.pem')));
    expect(ca.ca).toBe(true);
    expect(broker.ca).toBe(false);
    expect(broker.checkIssued(ca) && broker.verify(ca.publicKey)).toBe(true);
    expect(broker.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(broker.checkHost('kafka.example')).toBeUndefined();
  });

  it('given the files holding keys or passwords, then only their owner may read them', () => {
    const tls = ensureLocalTls(dir);
    const modes = Object.fromEntries(
      ['ca.key', 'broker.key', 'broker.p12', 'broker.p12.password'].map((f) => [
        f,
        (statSync(join(dir, f)).mode & 0o777).toString(8),
      ]),
    );
    expect(modes).toEqual({
      'ca.key': '600',
      'broker.key': '600',
      'broker.p12': '600',
      'broker.p12.password': '600',
    });
    expect(tls.keystorePassword).toBe(readFileSync(join(dir, 'broker.p12.password'), 'utf8'));
  });

  it('given it runs again, then the same CA and keystore are kept, so partners keep trusting the broker', () => {
    const first = ensureLocalTls(dir);
    const caPem = readFileSync(first.caFile, 'utf8');
    const keystore = readFileSync(first.keystoreFile);
    const second = ensureLocalTls(dir);
    expect(readFileSync(second.caFile, 'utf8')).toBe(caPem);
    expect(readFileSync(second.keystoreFile).equals(keystore)).toBe(true);
    expect(second.keystorePassword).toBe(first.keystorePassword);
  });

  it('given the broker certificate is gone, then a new one is issued by the same CA', () => {
    const first = ensureLocalTls(dir);
    const caPem = readFileSync(first.caFile, 'utf8');
    rmSync(join(dir, 'broker.pem'));
    ensureLocalTls(dir);
    const broker = new X509Certificate(readFileSync(join(dir, 'broker.pem')));
    expect(readFileSync(first.caFile, 'utf8')).toBe(caPem);
    expect(broker.checkIssued(new X509Certificate(caPem))).toBe(true);
  });
});
