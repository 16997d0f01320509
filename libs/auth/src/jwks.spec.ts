import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwksError, KeyRing, loadJwksFile, parseJwks } from './jwks';
import { generateSigningKey, writeJwksFile } from './token-issuer';

const es256 = generateSigningKey('es-1', 'ES256');
const rs256 = generateSigningKey('rs-1', 'RS256');

function refusalOf(act: () => unknown): JwksError {
  try {
    act();
  } catch (error) {
    if (error instanceof JwksError) return error;
    throw error;
  }
  throw new Error('expected the JWKS to be refused, but it was accepted');
}

describe('loadJwksFile', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'beacon-jwks-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads the keys a JWKS file written by writeJwksFile lists', () => {
    // given
    const path = join(directory, 'nested', 'jwks.json');
    writeJwksFile(path, [es256.publicJwk, rs256.publicJwk]);

    // when
    const ring = loadJwksFile(path);

    // then
    expect(ring.kids).toEqual(['es-1', 'rs-1']);
    expect(ring.find('es-1')).toMatchObject({ kid: 'es-1', alg: 'ES256' });
    expect(ring.find('rs-1')?.key.asymmetricKeyType).toBe('rsa');
    expect(ring.find('nope')).toBeUndefined();
  });

  it('names the file when it is missing', () => {
    // given
    const path = join(directory, 'absent.json');

    // when
    const error = refusalOf(() => loadJwksFile(path));

    // then
    expect(error.message).toContain(path);
  });

  it('names the file when it is not JSON', () => {
    // given
    const path = join(directory, 'jwks.json');
    writeFileSync(path, '{"keys": [');

    // when
    const error = refusalOf(() => loadJwksFile(path));

    // then
    expect(error.message).toBe(`JWKS file ${path} is not valid JSON`);
  });

  it('names the file and the key when a key is refused', () => {
    // given
    const path = join(directory, 'jwks.json');
    writeFileSync(path, JSON.stringify({ keys: [{ ...es256.publicJwk, use: 'enc' }] }));

    // when
    const error = refusalOf(() => loadJwksFile(path));

    // then
    expect(error.message).toContain(path);
    expect(error.message).toContain('key "es-1"');
  });
});

describe('parseJwks', () => {
  it('binds a key without alg to the one algorithm its type allows', () => {
    // given
    const { alg: _es, ...bareEc } = es256.publicJwk;
    const { alg: _rs, ...bareRsa } = rs256.publicJwk;

    // when
    const ring = parseJwks({ keys: [bareEc, bareRsa] });

    // then
    expect(ring.find('es-1')?.alg).toBe('ES256');
    expect(ring.find('rs-1')?.alg).toBe('RS256');
  });

  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });

  it.each<[string, unknown, RegExp]>([
    ['a document without keys', { items: [] }, /"keys" array/],
    ['an empty key list', { keys: [] }, /empty/],
    ['a key that is not an object', { keys: ['es-1'] }, /key #0 is not an object/],
    ['a key without kid', { keys: [{ ...es256.publicJwk, kid: undefined }] }, /key #0 has no "kid"/],
    ['a private EC key', { keys: [es256.privateJwk] }, /key "es-1" carries private member "d"/],
    ['a private RSA key', { keys: [rs256.privateJwk] }, /key "rs-1" carries private member "d"/],
    [
      'a symmetric key',
      { keys: [{ kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' }] },
      /key "hmac" carries private member "k"/,
    ],
    ['an encryption key', { keys: [{ ...es256.publicJwk, use: 'enc' }] }, /use "enc"/],
    [
      'an EC key declared as RS256',
      { keys: [{ ...es256.publicJwk, alg: 'RS256' }] },
      /declares alg "RS256".*ES256/,
    ],
    [
      'an RSA key declared as HS256',
      { keys: [{ ...rs256.publicJwk, alg: 'HS256' }] },
      /declares alg "HS256".*RS256/,
    ],
    ['a P-384 key', { keys: [{ ...p384, kid: 'p384' }] }, /curve "P-384"/],
    ['a 1024-bit RSA key', { keys: [{ ...rsa1024, kid: 'weak' }] }, /1024-bit RSA key/],
    ['an Ed25519 key', { keys: [{ ...ed25519, kid: 'ed' }] }, /kty "OKP"/],
    [
      'an EC key with a broken point',
      { keys: [{ ...es256.publicJwk, x: 'AAAA' }] },
      /not a valid public key/,
    ],
    [
      'two keys under one kid',
      { keys: [es256.publicJwk, { ...rs256.publicJwk, kid: 'es-1' }] },
      /two keys share kid "es-1"/,
    ],
  ])('refuses %s', (_case, document, reason) => {
    // when
    const error = refusalOf(() => parseJwks(document));

    // then
    expect(error.message).toMatch(reason);
  });
});

describe('KeyRing', () => {
  it('lists no kid it was not given', () => {
    // given
    const ring = new KeyRing([]);

    // then
    expect(ring.kids).toEqual([]);
    expect(ring.find('')).toBeUndefined();
  });
});
