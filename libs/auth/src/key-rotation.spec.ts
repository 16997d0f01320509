import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError } from './auth-error';
import { JWKS_RECHECK_MS, JwksFileKeys, parseJwks } from './jwks';
import { JwtVerifier } from './jwt-verifier';
import { generateSigningKey, issueToken, writeJwksFile } from './token-issuer';

const ISSUER = 'urn:beacon:test';
const AUDIENCE = 'beacon';
const principal = {
  subject: 'system:metro-police',
  partnerId: 'metro-police',
  sector: 'law-enforcement' as const,
  roles: ['partner-system' as const],
};

describe('key rotation: a key set selected by kid, old keys valid for a grace period', () => {
  const old = generateSigningKey('key-2026-01', 'ES256');
  const next = generateSigningKey('key-2026-02', 'ES256');
  const rotatedAt = new Date('2026-02-01T00:00:00Z');
  const graceEnds = new Date('2026-02-08T00:00:00Z');
  const ring = parseJwks({ keys: [next.publicJwk, { ...old.publicJwk, exp: graceEnds.getTime() / 1000 }] });

  const tokenFrom = (key: typeof old, issuedAt: Date) =>
    issueToken({
      privateJwk: key.privateJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
      principal,
      ttlSeconds: 30 * 86400,
      issuedAt,
    });
  const verifierAt = (now: Date) =>
    new JwtVerifier({ keys: ring, issuer: ISSUER, audience: AUDIENCE, now: () => now });

  it('given a key set, when a kid is selected, then the key with that kid is returned and no other', () => {
    // when
    const selected = ring.select('key-2026-02', rotatedAt);

    // then
    expect(selected).toMatchObject({ ok: true, key: { kid: 'key-2026-02', alg: 'ES256' } });
    expect(ring.select('key-1999', rotatedAt)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('given a rotated-out key with an exp, when selected before and after it, then it verifies until then and is retired after', () => {
    // when / then
    expect(ring.select('key-2026-01', new Date(graceEnds.getTime() - 1000))).toMatchObject({ ok: true });
    expect(ring.select('key-2026-01', new Date(graceEnds.getTime() + 1000))).toMatchObject({
      ok: false,
      reason: 'retired',
    });
    expect(ring.select('key-2026-02', new Date('2099-01-01T00:00:00Z'))).toMatchObject({ ok: true });
  });

  it('given a token signed with the old key before the rotation, then it is accepted during the grace period and refused as key_retired after', () => {
    // given
    const token = tokenFrom(old, new Date('2026-01-31T00:00:00Z'));

    // when / then
    expect(verifierAt(new Date('2026-02-03T00:00:00Z')).verify(token).partnerId).toBe('metro-police');
    let refusal: unknown;
    try {
      verifierAt(new Date('2026-02-09T00:00:00Z')).verify(token);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AuthError);
    expect(refusal).toMatchObject({
      code: 'key_retired',
      message: expect.stringMatching(/2026-02-08T00:00:00.000Z/),
    });
  });

  it('given an exp that is not seconds since the epoch, then the JWKS is refused naming the key', () => {
    expect(() => parseJwks({ keys: [{ ...old.publicJwk, exp: '2026-02-08' }] })).toThrow(
      /key "key-2026-01" has exp "2026-02-08"; it must be seconds since the epoch/,
    );
  });

  describe('a JWKS file read again when it changes', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'beacon-jwks-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('given a running verifier, when the file gains a new key, then tokens with the new kid verify without a restart', () => {
      // given
      const file = join(dir, 'jwks.json');
      writeJwksFile(file, [old.publicJwk]);
      let clock = 0;
      const keys = new JwksFileKeys(file, () => clock);
      const verifier = new JwtVerifier({ keys, issuer: ISSUER, audience: AUDIENCE });
      const newToken = tokenFrom(next, new Date());
      expect(() => verifier.verify(newToken)).toThrow(/no trusted key has kid "key-2026-02"/);

      // when
      writeJwksFile(file, [next.publicJwk, old.publicJwk]);
      clock += JWKS_RECHECK_MS;

      // then
      expect(verifier.verify(newToken).partnerId).toBe('metro-police');
      expect(verifier.verify(tokenFrom(old, new Date())).partnerId).toBe('metro-police');
    });

    it('given a rewrite that cannot be read, then the keys in hand are kept', () => {
      // given
      const file = join(dir, 'jwks.json');
      writeJwksFile(file, [old.publicJwk]);
      let clock = 0;
      const keys = new JwksFileKeys(file, () => clock);

      // when
      writeFileSync(file, '{"keys": [');
      clock += JWKS_RECHECK_MS;

      // then
      expect(keys.current().kids).toEqual(['key-2026-01']);
    });
  });
});
