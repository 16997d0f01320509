import { JsonWebTokenError, NotBeforeError, TokenExpiredError, verify } from 'jsonwebtoken';
import { AuthError, quoteUntrusted } from './auth-error';
import { KeyRing, SIGNING_ALGORITHMS, type SigningAlgorithm, type VerificationKey } from './jwks';
import { type Principal, principalFromClaims } from './principal';

/** How a {@link JwtVerifier} decides which tokens to trust. */
export interface JwtVerifierOptions {
  /**
   * The trusted keys; a token may only name one of these by `kid`. A source
   * of keys (such as {@link JwksFileKeys}) is asked at every verification, so
   * a rotation reaches the verifier without a restart.
   */
  readonly keys: KeyRing | { current(): KeyRing };
  /** The exact `iss` expected. */
  readonly issuer: string;
  /** The `aud` this service answers to; the token's `aud` must include it. */
  readonly audience: string;
  /** Tolerance for clock drift on `exp` and `nbf`, in seconds. Defaults to 30. */
  readonly clockSkewSeconds?: number;
  /** The current time; replaceable so tests can pin it. Defaults to the system clock. */
  readonly now?: () => Date;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

// Skew hides real expiry; more than five minutes means a broken clock, not drift.
const MAX_CLOCK_SKEW_SECONDS = 300;

// Beacon tokens are a few hundred bytes; a cap keeps hostile input from
// costing base64 and JSON work before it is refused.
const MAX_TOKEN_LENGTH = 8192;

// Header members that point at key material chosen by the sender. Honouring
// any of them lets an attacker sign with a key of their own, so a token that
// carries one is refused even if it would verify with a trusted key. `crit`
// is refused too: it names extensions a recipient must understand, and we
// understand none.
const FORBIDDEN_HEADERS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'] as const;

const COMPACT_SEGMENT = /^[A-Za-z0-9_-]*$/;

/**
 * Verifies Beacon bearer tokens against a fixed set of public keys and turns
 * them into principals.
 *
 * Header checks (forbidden members, algorithm allow-list, `kid` lookup) run
 * before any cryptography, so the token never gets to choose how it is
 * checked; jsonwebtoken then verifies the signature with the one algorithm
 * bound to the chosen key, and the time, issuer and audience claims.
 */
export class JwtVerifier {
  private readonly keys: () => KeyRing;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly clockSkewSeconds: number;
  private readonly now: () => Date;

  /** @throws Error when the options are unusable, so a misconfigured service fails at start-up */
  constructor(options: JwtVerifierOptions) {
    if (!options.issuer) throw new Error('JwtVerifier needs a non-empty issuer');
    if (!options.audience) throw new Error('JwtVerifier needs a non-empty audience');
    const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (!Number.isInteger(skew) || skew < 0 || skew > MAX_CLOCK_SKEW_SECONDS) {
      throw new Error(
        `clockSkewSeconds must be a whole number from 0 to ${MAX_CLOCK_SKEW_SECONDS}, got ${skew}`,
      );
    }
    const keys = options.keys;
    this.keys = keys instanceof KeyRing ? () => keys : () => keys.current();
    this.issuer = options.issuer;
    this.audience = options.audience;
    this.clockSkewSeconds = skew;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Verifies a compact JWS token and returns the principal it names.
   *
   * @param token - the token alone, without the `Bearer ` prefix
   * @throws AuthError whose `code` says why the token was refused
   */
  verify(token: string): Principal {
    const header = readCompactToken(token);
    const key = this.selectKey(header);
    const claims = this.verifySignatureAndClaims(token, key);
    if (typeof claims['exp'] !== 'number') {
      // Without exp a stolen token works forever; jsonwebtoken only checks exp when present.
      throw new AuthError('missing_claim', 'the token has no "exp" claim; every token must expire');
    }
    return principalFromClaims(claims);
  }

  private selectKey(header: Readonly<Record<string, unknown>>): VerificationKey {
    const forbidden = FORBIDDEN_HEADERS.filter((member) => member in header);
    if (forbidden.length > 0) {
      throw new AuthError(
        'forbidden_header',
        `the token header carries ${forbidden.map((member) => `"${member}"`).join(', ')}; keys are taken from the configured JWKS only`,
      );
    }

    const alg = header['alg'];
    if (!isAllowedAlgorithm(alg)) {
      throw new AuthError(
        'alg_not_allowed',
        `algorithm ${quoteUntrusted(alg)} is not allowed; use one of ${SIGNING_ALGORITHMS.join(', ')}`,
      );
    }

    const kid = header['kid'];
    if (kid === undefined)
      throw new AuthError(
        'unknown_kid',
        'the token header has no "kid"; it must name a key of the configured JWKS',
      );
    const selected = typeof kid === 'string' ? this.keys().select(kid, this.now()) : undefined;
    if (selected === undefined || (!selected.ok && selected.reason === 'unknown'))
      throw new AuthError('unknown_kid', `no trusted key has kid ${quoteUntrusted(kid)}`);
    if (!selected.ok) {
      throw new AuthError(
        'key_retired',
        `key ${quoteUntrusted(kid)} was rotated out and stopped verifying at ${selected.key?.notAfter?.toISOString()}; ask for a new token`,
      );
    }
    const key = selected.key;

    // A key verifies under one algorithm only; accepting another would let
    // the token pick how its own signature is read.
    if (key.alg !== alg) {
      throw new AuthError(
        'alg_not_allowed',
        `key "${key.kid}" is an ${key.alg} key but the token says ${alg}`,
      );
    }
    return key;
  }

  private verifySignatureAndClaims(token: string, key: VerificationKey): Record<string, unknown> {
    try {
      // readCompactToken already refused payloads that are not objects.
      return verify(token, key.key, {
        algorithms: [key.alg],
        issuer: this.issuer,
        audience: this.audience,
        clockTolerance: this.clockSkewSeconds,
        clockTimestamp: Math.floor(this.now().getTime() / 1000),
      }) as Record<string, unknown>;
    } catch (error) {
      throw this.explain(error);
    }
  }

  // jsonwebtoken reports most failures as JsonWebTokenError and tells them
  // apart only by message; the prefixes below are stable across v9 and are
  // pinned by the spec, which refuses one token per code.
  private explain(error: unknown): AuthError {
    if (error instanceof TokenExpiredError) {
      return new AuthError('expired', `the token expired at ${error.expiredAt.toISOString()}`);
    }
    if (error instanceof NotBeforeError) {
      return new AuthError('not_yet_valid', `the token is not valid before ${error.date.toISOString()}`);
    }
    if (error instanceof JsonWebTokenError) {
      const { message } = error;
      if (message === 'invalid signature')
        return new AuthError('bad_signature', 'the token signature does not verify');
      if (message.startsWith('jwt audience invalid')) {
        return new AuthError('bad_audience', `the token audience does not include "${this.audience}"`);
      }
      if (message.startsWith('jwt issuer invalid'))
        return new AuthError('bad_issuer', `the token issuer is not "${this.issuer}"`);
      if (message === 'invalid exp value')
        return new AuthError('invalid_claim', 'claim "exp" must be a number of seconds');
      if (message === 'invalid nbf value')
        return new AuthError('invalid_claim', 'claim "nbf" must be a number of seconds');
      return new AuthError('malformed', `the token could not be verified: ${message}`);
    }
    // jws throws plain errors when a signature cannot even be decoded.
    return new AuthError('bad_signature', 'the token signature could not be decoded');
  }
}

/** Checks the token's shape and returns its header; nothing in it is trusted yet. */
function readCompactToken(token: string): Record<string, unknown> {
  if (typeof token !== 'string' || token === '') throw new AuthError('missing_token', 'no token was given');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new AuthError(
      'malformed',
      `the token is ${token.length} characters long; at most ${MAX_TOKEN_LENGTH} are accepted`,
    );
  }
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((segment) => COMPACT_SEGMENT.test(segment))) {
    throw new AuthError(
      'malformed',
      'the token is not a compact JWS (three base64url segments separated by dots)',
    );
  }
  const [header, payload] = segments as [string, string, string];
  const parsedHeader = parseJsonObject(header, 'header');
  // A payload that is not an object is malformed whoever signed it; saying so
  // here is clearer than the audience mismatch jsonwebtoken would report.
  parseJsonObject(payload, 'payload');
  return parsedHeader;
}

function parseJsonObject(segment: string, part: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('malformed', `the token ${part} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthError('malformed', `the token ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function isAllowedAlgorithm(alg: unknown): alg is SigningAlgorithm {
  return typeof alg === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(alg);
}
