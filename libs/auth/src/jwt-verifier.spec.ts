import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  sign as cryptoSign,
} from 'node:crypto';
import { AuthError, type AuthErrorCode } from './auth-error';
import { parseJwks } from './jwks';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { generateSigningKey, issueToken, type IssueTokenOptions } from './token-issuer';

const ISSUER = 'https://id.beacon.test';
const AUDIENCE = 'beacon-gateway';
const NOW = new Date('2025-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const es256 = generateSigningKey('es-1', 'ES256');
const rs256 = generateSigningKey('rs-1', 'RS256');
const untrusted = generateSigningKey('attacker-1', 'ES256');
const keys = parseJwks({ keys: [es256.publicJwk, rs256.publicJwk] });
const verifier = new JwtVerifier({ keys, issuer: ISSUER, audience: AUDIENCE, now: () => NOW });

const caseWorker: Principal = {
  subject: 'user-42',
  partnerId: 'metro-police',
  sector: 'law-enforcement',
  roles: ['case-worker'],
  name: 'Dana Reyes',
  tokenId: 'token-0001',
};

function issue(overrides: Partial<IssueTokenOptions> = {}): string {
  return issueToken({
    privateJwk: es256.privateJwk,
    issuer: ISSUER,
    audience: AUDIENCE,
    principal: caseWorker,
    ttlSeconds: 600,
    issuedAt: NOW,
    ...overrides,
  });
}

/** The claims a good token carries, for hand-built tokens. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-42',
    partner_id: 'metro-police',
    sector: 'law-enforcement',
    roles: ['case-worker'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 600,
    ...overrides,
  };
}

function without(record: Record<string, unknown>, member: string): Record<string, unknown> {
  const { [member]: _removed, ...rest } = record;
  return rest;
}

function segment(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** Signs with the real algorithm of `privateJwk`, whatever the header claims. */
function signCompact(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateJwk: JsonWebKey,
): string {
  const input = `${segment(header)}.${segment(payload)}`;
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const signature =
    key.asymmetricKeyType === 'ec'
      ? cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : cryptoSign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

function hmacCompact(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string | Buffer,
): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function refusalOf(act: () => unknown): AuthError {
  try {
    act();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the token to be refused, but it was accepted');
}

function expectRefused(token: string, code: AuthErrorCode, by: JwtVerifier = verifier): AuthError {
  const error = refusalOf(() => by.verify(token));
  expect(error.code).toBe(code);
  return error;
}

describe('JwtVerifier', () => {
  describe('accepting good tokens', () => {
    it('turns a good ES256 token into its principal', () => {
      // given
      const token = issue();

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal).toEqual(caseWorker);
    });

    it('turns a good RS256 token into its principal', () => {
      // given
      const token = issue({ privateJwk: rs256.privateJwk });

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal).toEqual(caseWorker);
    });

    it('accepts a hand-built token with a clean header, so the refusals below are caused by what each one changes', () => {
      // given
      const token = signCompact({ alg: 'ES256', typ: 'JWT', kid: 'es-1' }, claims(), es256.privateJwk);

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal).toEqual({
        subject: 'user-42',
        partnerId: 'metro-police',
        sector: 'law-enforcement',
        roles: ['case-worker'],
      });
    });

    it('accepts an audience list that includes this service', () => {
      // given
      const token = issue({ audience: ['beacon-admin', AUDIENCE] });

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal.subject).toBe('user-42');
    });
  });

  describe('refusing unsigned and confused algorithms', () => {
    it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %j with an empty signature', (alg) => {
      // given
      const token = `${segment({ alg, typ: 'JWT', kid: 'es-1' })}.${segment(claims())}.`;

      // when
      const error = expectRefused(token, 'alg_not_allowed');

      // then
      expect(error.message).toContain(JSON.stringify(alg));
    });

    it('refuses alg "none" even when a valid signature of a trusted key is left attached', () => {
      // given
      const signature = signCompact({ alg: 'ES256', kid: 'es-1' }, claims(), es256.privateJwk).split('.')[2];
      const token = `${segment({ alg: 'none', kid: 'es-1' })}.${segment(claims())}.${signature}`;

      // when / then
      expectRefused(token, 'alg_not_allowed');
    });

    const publicKeyBytes: [string, string | Buffer][] = [
      [
        'the EC key as SPKI PEM',
        createPublicKey({ key: es256.publicJwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }),
      ],
      [
        'the RSA key as SPKI PEM',
        createPublicKey({ key: rs256.publicJwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }),
      ],
      [
        'the RSA key as PKCS#1 PEM',
        createPublicKey({ key: rs256.publicJwk, format: 'jwk' }).export({ format: 'pem', type: 'pkcs1' }),
      ],
      ['the EC key as JWK JSON', JSON.stringify(es256.publicJwk)],
    ];

    it.each(publicKeyBytes)('refuses HS256 signed with %s (key confusion)', (label, secret) => {
      // given: an attacker who read the public key uses it as an HMAC secret
      const kid = label.includes('RSA') ? 'rs-1' : 'es-1';
      const token = hmacCompact({ alg: 'HS256', typ: 'JWT', kid }, claims({ roles: ['admin'] }), secret);

      // when
      const error = expectRefused(token, 'alg_not_allowed');

      // then
      expect(error.message).toContain('"HS256"');
    });

    it.each(['HS512', 'PS256', 'ES384', 'RS512', 'EdDSA'])(
      'refuses %s, which is outside the allow-list',
      (alg) => {
        // given
        const token = `${segment({ alg, kid: 'es-1' })}.${segment(claims())}.c2lnbmF0dXJl`;

        // when / then
        expectRefused(token, 'alg_not_allowed');
      },
    );

    it('refuses an alg that is not a string', () => {
      // given
      const token = `${segment({ alg: ['ES256'], kid: 'es-1' })}.${segment(claims())}.c2lnbmF0dXJl`;

      // when / then
      expectRefused(token, 'alg_not_allowed');
    });

    it('refuses an allowed alg used with a key bound to the other one', () => {
      // given: a genuine RS256 signature, but naming the ES256 key
      const token = issue({ privateJwk: rs256.privateJwk, kid: 'es-1', alg: 'RS256' });

      // when
      const error = expectRefused(token, 'alg_not_allowed');

      // then
      expect(error.message).toBe('key "es-1" is an ES256 key but the token says RS256');
    });
  });

  describe('choosing the key', () => {
    it('refuses a kid the JWKS file does not list, even when the token is validly signed by that key', () => {
      // given
      const token = issue({ privateJwk: untrusted.privateJwk });

      // when
      const error = expectRefused(token, 'unknown_kid');

      // then
      expect(error.message).toContain('"attacker-1"');
    });

    it('refuses a token without kid', () => {
      // given
      const token = signCompact({ alg: 'ES256' }, claims(), es256.privateJwk);

      // when
      const error = expectRefused(token, 'unknown_kid');

      // then
      expect(error.message).toContain('no "kid"');
    });

    it('refuses a kid that is not a string', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 1 }, claims(), es256.privateJwk);

      // when / then
      expectRefused(token, 'unknown_kid');
    });
  });

  describe('refusing headers that bring their own key', () => {
    const attackerPublic = untrusted.publicJwk;
    const members: [string, unknown][] = [
      ['jku', 'https://evil.example/jwks.json'],
      ['jwk', attackerPublic],
      ['x5u', 'https://evil.example/cert.pem'],
      ['x5c', ['MIIBszCCAVmgAwIBAgIUZXZpbA==']],
      ['crit', ['exp']],
    ];

    it.each(members)('refuses a "%s" header even on a token signed by a trusted key', (member, value) => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1', [member]: value }, claims(), es256.privateJwk);

      // when
      const error = expectRefused(token, 'forbidden_header');

      // then
      expect(error.message).toContain(`"${member}"`);
    });

    it('refuses an embedded jwk naming a trusted kid but signed by the embedded key', () => {
      // given: the classic attack, where the verifier would trust the key the token carries
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1', jwk: attackerPublic },
        claims({ roles: ['admin'] }),
        untrusted.privateJwk,
      );

      // when / then
      expectRefused(token, 'forbidden_header');
    });

    it('refuses a jku header naming a trusted kid', () => {
      // given
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1', jku: 'https://evil.example/jwks.json' },
        claims(),
        untrusted.privateJwk,
      );

      // when / then
      expectRefused(token, 'forbidden_header');
    });
  });

  describe('checking the lifetime', () => {
    it('refuses an expired token and says when it expired', () => {
      // given: issued an hour ago for ten minutes
      const token = issue({ issuedAt: new Date(NOW.getTime() - 3_600_000), ttlSeconds: 600 });

      // when
      const error = expectRefused(token, 'expired');

      // then
      expect(error.message).toBe('the token expired at 2025-06-01T11:10:00.000Z');
    });

    it('accepts a token that expired less than the clock skew ago', () => {
      // given: exp 20 s ago, skew 30 s
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1' },
        claims({ exp: NOW_SECONDS - 20 }),
        es256.privateJwk,
      );

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal.subject).toBe('user-42');
    });

    it('refuses a token that expired just beyond the clock skew', () => {
      // given: exp 31 s ago, skew 30 s
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1' },
        claims({ exp: NOW_SECONDS - 31 }),
        es256.privateJwk,
      );

      // when / then
      expectRefused(token, 'expired');
    });

    it('refuses a token that is not valid for another minute', () => {
      // given
      const token = issue({ notBeforeSeconds: 60 });

      // when
      const error = expectRefused(token, 'not_yet_valid');

      // then
      expect(error.message).toBe('the token is not valid before 2025-06-01T12:01:00.000Z');
    });

    it('accepts a token whose nbf is within the clock skew', () => {
      // given: nbf 20 s ahead, skew 30 s
      const token = issue({ notBeforeSeconds: 20 });

      // when
      const principal = verifier.verify(token);

      // then
      expect(principal.subject).toBe('user-42');
    });

    it('applies a configured clock skew', () => {
      // given
      const strict = new JwtVerifier({
        keys,
        issuer: ISSUER,
        audience: AUDIENCE,
        clockSkewSeconds: 0,
        now: () => NOW,
      });
      const lenient = new JwtVerifier({
        keys,
        issuer: ISSUER,
        audience: AUDIENCE,
        clockSkewSeconds: 120,
        now: () => NOW,
      });

      // when / then
      expectRefused(issue({ notBeforeSeconds: 20 }), 'not_yet_valid', strict);
      expect(lenient.verify(issue({ notBeforeSeconds: 60 })).subject).toBe('user-42');
    });

    it('refuses a token without exp', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, without(claims(), 'exp'), es256.privateJwk);

      // when
      const error = expectRefused(token, 'missing_claim');

      // then
      expect(error.message).toContain('"exp"');
    });

    it('refuses an exp that is not a number', () => {
      // given
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1' },
        claims({ exp: '2099-01-01' }),
        es256.privateJwk,
      );

      // when / then
      expectRefused(token, 'invalid_claim');
    });
  });

  describe('checking issuer and audience', () => {
    it('refuses a token for another audience', () => {
      // given
      const token = issue({ audience: 'some-other-service' });

      // when
      const error = expectRefused(token, 'bad_audience');

      // then
      expect(error.message).toBe('the token audience does not include "beacon-gateway"');
    });

    it('refuses a token without aud', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, without(claims(), 'aud'), es256.privateJwk);

      // when / then
      expectRefused(token, 'bad_audience');
    });

    it('refuses a token from another issuer', () => {
      // given
      const token = issue({ issuer: 'https://id.evil.example' });

      // when
      const error = expectRefused(token, 'bad_issuer');

      // then
      expect(error.message).toBe('the token issuer is not "https://id.beacon.test"');
    });

    it('refuses a token without iss', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, without(claims(), 'iss'), es256.privateJwk);

      // when / then
      expectRefused(token, 'bad_issuer');
    });
  });

  describe('checking integrity', () => {
    it('refuses a token whose payload was changed after signing', () => {
      // given: a case worker promotes themselves to admin and keeps the signature
      const [header, payload, signature] = issue().split('.') as [string, string, string];
      const altered = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), roles: ['admin'] };
      const token = `${header}.${segment(altered)}.${signature}`;

      // when / then
      expectRefused(token, 'bad_signature');
    });

    it('refuses a signature taken from another token', () => {
      // given
      const [header, payload] = issue().split('.') as [string, string, string];
      const [, , otherSignature] = issue({ principal: { ...caseWorker, subject: 'user-7' } }).split('.') as [
        string,
        string,
        string,
      ];

      // when / then
      expectRefused(`${header}.${payload}.${otherSignature}`, 'bad_signature');
    });

    it('refuses an ES256 signature of the wrong length', () => {
      // given
      const [header, payload] = issue().split('.') as [string, string, string];

      // when / then
      expectRefused(`${header}.${payload}.AAAA`, 'bad_signature');
    });

    it('refuses a signed token with the signature stripped', () => {
      // given
      const [header, payload] = issue().split('.') as [string, string, string];

      // when / then
      expectRefused(`${header}.${payload}.`, 'malformed');
    });
  });

  describe('reading the principal claims', () => {
    it('refuses a token without sector', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, without(claims(), 'sector'), es256.privateJwk);

      // when
      const error = expectRefused(token, 'missing_claim');

      // then
      expect(error.message).toBe('the token has no "sector" claim');
    });

    it('refuses a sector outside the vocabulary', () => {
      // given
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1' },
        claims({ sector: 'military' }),
        es256.privateJwk,
      );

      // when
      const error = expectRefused(token, 'invalid_claim');

      // then
      expect(error.message).toContain('"military"');
    });

    it('refuses a token without partner_id', () => {
      // given
      const token = signCompact(
        { alg: 'ES256', kid: 'es-1' },
        without(claims(), 'partner_id'),
        es256.privateJwk,
      );

      // when / then
      expect(expectRefused(token, 'missing_claim').message).toContain('"partner_id"');
    });

    it('refuses a token without sub', () => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, without(claims(), 'sub'), es256.privateJwk);

      // when / then
      expect(expectRefused(token, 'missing_claim').message).toContain('"sub"');
    });

    it.each<[string, Record<string, unknown>, AuthErrorCode]>([
      ['absent', without(claims(), 'roles'), 'missing_claim'],
      ['empty', claims({ roles: [] }), 'missing_claim'],
      ['holding an unknown role', claims({ roles: ['case-worker', 'superuser'] }), 'invalid_claim'],
      ['a string instead of an array', claims({ roles: 'admin' }), 'invalid_claim'],
    ])('refuses roles %s', (_case, payload, code) => {
      // given
      const token = signCompact({ alg: 'ES256', kid: 'es-1' }, payload, es256.privateJwk);

      // when
      const error = expectRefused(token, code);

      // then
      expect(error.message).toContain('"roles"');
    });
  });

  describe('refusing malformed input', () => {
    it('refuses an empty token as missing', () => {
      expectRefused('', 'missing_token');
    });

    it.each([
      ['one segment', 'abc'],
      ['two segments', 'abc.def'],
      ['four segments', 'a.b.c.d'],
      ['characters outside base64url', `${segment({ alg: 'ES256', kid: 'es-1' })}.pay+load.sig`],
      [
        'a header that is not JSON',
        `${Buffer.from('{alg:ES256').toString('base64url')}.${segment(claims())}.sig`,
      ],
      ['a header that is an array', `${segment(['ES256'])}.${segment(claims())}.sig`],
      ['an oversized token', `${segment({ alg: 'ES256', kid: 'es-1' })}.${'A'.repeat(9000)}.sig`],
    ])('refuses %s', (_case, token) => {
      expectRefused(token, 'malformed');
    });

    it('refuses a validly signed payload that is not a JSON object', () => {
      // given
      const header = segment({ alg: 'ES256', kid: 'es-1' });
      const payload = Buffer.from('"just a string"').toString('base64url');
      const key = createPrivateKey({ key: es256.privateJwk, format: 'jwk' });
      const signature = cryptoSign('sha256', Buffer.from(`${header}.${payload}`), {
        key,
        dsaEncoding: 'ieee-p1363',
      });

      // when / then
      expectRefused(`${header}.${payload}.${signature.toString('base64url')}`, 'malformed');
    });
  });

  describe('keeping tokens out of messages', () => {
    it.each<[string, () => string]>([
      ['expired', () => issue({ issuedAt: new Date(NOW.getTime() - 3_600_000) })],
      ['bad audience', () => issue({ audience: 'elsewhere' })],
      ['unknown kid', () => issue({ privateJwk: untrusted.privateJwk })],
      ['tampered', () => issue().replace(/\.[^.]+\./, `.${segment(claims({ roles: ['admin'] }))}.`)],
    ])('does not echo the token when refusing it as %s', (_case, mint) => {
      // given
      const token = mint();
      const [, payload, signature] = token.split('.') as [string, string, string];

      // when
      const error = refusalOf(() => verifier.verify(token));

      // then
      expect(error.message).not.toContain(payload);
      expect(error.message).not.toContain(signature);
    });
  });

  describe('configuration', () => {
    it.each([-1, 1.5, 301])('refuses a clock skew of %p seconds', (clockSkewSeconds) => {
      expect(() => new JwtVerifier({ keys, issuer: ISSUER, audience: AUDIENCE, clockSkewSeconds })).toThrow(
        /clockSkewSeconds/,
      );
    });

    it('refuses an empty issuer or audience', () => {
      expect(() => new JwtVerifier({ keys, issuer: '', audience: AUDIENCE })).toThrow(/issuer/);
      expect(() => new JwtVerifier({ keys, issuer: ISSUER, audience: '' })).toThrow(/audience/);
    });

    it('uses the system clock when none is given', () => {
      // given
      const live = new JwtVerifier({ keys, issuer: ISSUER, audience: AUDIENCE });

      // when / then: a token minted at the pinned 2025 date is long expired in real time
      expectRefused(issue({ ttlSeconds: 60 }), 'expired', live);
      expect(live.verify(issue({ issuedAt: new Date() })).subject).toBe('user-42');
    });
  });
});
