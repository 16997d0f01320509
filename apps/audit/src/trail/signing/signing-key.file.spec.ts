import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigningKey } from './signing-key.file';

describe('loadOrCreateSigningKey', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-audit-key-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('given no key file, when loaded, then an Ed25519 key is generated into it with mode 0600', () => {
    // given
    const file = join(dir, 'keys', 'audit.pem');

    // when
    const loaded = loadOrCreateSigningKey(file);

    // then
    expect(loaded.created).toBe(true);
    expect(loaded.mode).toBe(0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(loaded.signer.publicKey.asymmetricKeyType).toBe('ed25519');
  });

  it('given a key file, when loaded again, then the same key is used', () => {
    const file = join(dir, 'audit.pem');
    const first = loadOrCreateSigningKey(file);

    const second = loadOrCreateSigningKey(file);

    expect(second.created).toBe(false);
    expect(second.signer.keyId).toBe(first.signer.keyId);
  });

  it('given a key file others may read, when loaded, then it is made 0600 and its old mode is reported', () => {
    // given
    const file = join(dir, 'audit.pem');
    loadOrCreateSigningKey(file);
    chmodSync(file, 0o644);

    // when
    const loaded = loadOrCreateSigningKey(file);

    // then
    expect(loaded.mode).toBe(0o644);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('given a folder it may not write, when the key is created, then the start is refused naming the setting', () => {
    // given: a path below a regular file, which no one can create
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');

    // then
    expect(() => loadOrCreateSigningKey(join(blocker, 'audit.pem'))).toThrow(
      /cannot create the audit signing key .*set AUDIT_SIGNING_KEY_FILE to a writable path/,
    );
  });

  it('given a file that holds another kind of key, when loaded, then the start is refused with the reason', () => {
    const file = join(dir, 'rsa.pem');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(file, rsa.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

    expect(() => loadOrCreateSigningKey(file)).toThrow(/does not hold a usable Ed25519 private key/);
  });
});
