import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'jsonwebtoken';
import type { Principal } from './principal';
import { generateSigningKey, issueToken, writeJwksFile } from './token-issuer';

const auditor: Principal = {
  subject: 'auditor-1',
  partnerId: 'beacon',
  sector: 'beacon',
  roles: ['auditor'],
};

describe('generateSigningKey', () => {
  it.each([
    ['ES256', 'EC'],
    ['RS256', 'RSA'],
  ] as const)('makes an %s pair labelled with kid, alg and use', (alg, kty) => {
    // when
    const { privateJwk, publicJwk } = generateSigningKey(`${alg}-key`, alg);

    // then
    expect(publicJwk).toMatchObject({ kty, kid: `${alg}-key`, alg, use: 'sig' });
    expect(privateJwk).toMatchObject({ kty, kid: `${alg}-key`, alg, use: 'sig' });
    expect(privateJwk.d).toEqual(expect.any(String));
    expect(publicJwk.d).toBeUndefined();
  });

  it('defaults to ES256 on P-256', () => {
    expect(generateSigningKey('k').publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it('refuses an empty kid', () => {
    expect(() => generateSigningKey('')).toThrow(/kid/);
  });
});

describe('writeJwksFile', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'beacon-issuer-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes a readable JWKS document with the public keys only', () => {
    // given
    const key = generateSigningKey('es-1');
    const path = join(directory, 'jwks.json');

    // when
    writeJwksFile(path, [key.publicJwk]);

    // then
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ keys: [key.publicJwk] });
  });

  it('refuses to publish a private key and leaves no file behind', () => {
    // given
    const key = generateSigningKey('es-1');
    const path = join(directory, 'jwks.json');

    // when / then
    expect(() => writeJwksFile(path, [key.publicJwk, key.privateJwk])).toThrow(/"es-1".*private material/);
    expect(() => statSync(path)).toThrow(/ENOENT/);
  });
});

describe('issueToken', () => {
  const key = generateSigningKey('es-1');
  const issuedAt = new Date('2025-06-01T12:00:00Z');
  const iat = issuedAt.getTime() / 1000;

  it('carries the principal and the registered claims', () => {
    // when
    const token = issueToken({
      privateJwk: key.privateJwk,
      issuer: 'https://id.beacon.test',
      audience: 'beacon-gateway',
      principal: { ...auditor, name: 'Ana Silva', tokenId: 'jti-1' },
      ttlSeconds: 900,
      issuedAt,
      notBeforeSeconds: 5,
    });

    // then
    expect(decode(token, { complete: true })).toMatchObject({
      header: { alg: 'ES256', kid: 'es-1', typ: 'JWT' },
      payload: {
        sub: 'auditor-1',
        partner_id: 'beacon',
        sector: 'beacon',
        roles: ['auditor'],
        name: 'Ana Silva',
        jti: 'jti-1',
        iss: 'https://id.beacon.test',
        aud: 'beacon-gateway',
        iat,
        nbf: iat + 5,
        exp: iat + 900,
      },
    });
  });

  it('gives every token its own jti when the principal names none', () => {
    // given
    const options = {
      privateJwk: key.privateJwk,
      issuer: 'i',
      audience: 'a',
      principal: auditor,
      ttlSeconds: 60,
    };

    // when
    const first = decode(issueToken(options), { json: true });
    const second = decode(issueToken(options), { json: true });

    // then
    expect(first?.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.jti).not.toBe(second?.jti);
  });

  it.each([0, -5, 1.5])('refuses a ttl of %p seconds', (ttlSeconds) => {
    expect(() =>
      issueToken({ privateJwk: key.privateJwk, issuer: 'i', audience: 'a', principal: auditor, ttlSeconds }),
    ).toThrow(/ttlSeconds/);
  });

  it('refuses a key without kid when none is given', () => {
    // given
    const { kid: _kid, ...unnamed } = key.privateJwk;

    // when / then
    expect(() =>
      issueToken({ privateJwk: unnamed, issuer: 'i', audience: 'a', principal: auditor, ttlSeconds: 60 }),
    ).toThrow(/kid/);
  });
});
