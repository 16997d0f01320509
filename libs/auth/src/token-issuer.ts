import { createPrivateKey, generateKeyPairSync, type JsonWebKey, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sign } from 'jsonwebtoken';
import type { SigningAlgorithm } from './jwks';
import type { Principal } from './principal';

/*
 * Mints tokens for the local stack and for tests. Production tokens come from
 * the partners' identity provider; nothing in a running service imports this.
 */

/** A JWK that names its key and the one algorithm it is for. */
export type SigningJwk = JsonWebKey & { kid: string; alg: SigningAlgorithm; use: 'sig' };

/** A freshly generated key: the private half signs, the public half goes into the JWKS file. */
export interface SigningKeyPair {
  readonly privateJwk: SigningJwk;
  readonly publicJwk: SigningJwk;
}

/** What {@link issueToken} needs to mint a token. */
export interface IssueTokenOptions {
  readonly privateJwk: JsonWebKey;
  /** Defaults to `privateJwk.kid`. */
  readonly kid?: string;
  /** Defaults to `privateJwk.alg`. */
  readonly alg?: SigningAlgorithm;
  readonly issuer: string;
  readonly audience: string | readonly string[];
  /** Who the token speaks for; `tokenId` becomes `jti` (a random UUID when absent). */
  readonly principal: Principal;
  readonly ttlSeconds: number;
  /** The `iat`; defaults to now. Lets tests mint tokens that are already expired. */
  readonly issuedAt?: Date;
  /** Sets `nbf` this many seconds after `iat`; lets tests mint tokens that are not yet valid. */
  readonly notBeforeSeconds?: number;
}

/**
 * Generates a signing key pair: EC P-256 for ES256, 2048-bit RSA for RS256.
 *
 * @param kid - the key id tokens will carry and the JWKS file will list
 */
export function generateSigningKey(kid: string, alg: SigningAlgorithm = 'ES256'): SigningKeyPair {
  if (!kid) throw new Error('a signing key needs a non-empty kid');
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const label = { kid, alg, use: 'sig' } as const;
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), ...label },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), ...label },
  };
}

/**
 * Writes public keys as a JWKS file that {@link loadJwksFile} reads.
 *
 * The file is written beside its target and renamed into place, so a service
 * starting at the same moment never reads half a file.
 *
 * @throws Error when a key carries private material, which must never be published
 */
export function writeJwksFile(path: string, publicJwks: readonly JsonWebKey[]): void {
  const leaking = publicJwks.find((jwk) => jwk.d !== undefined || jwk.k !== undefined);
  if (leaking !== undefined) {
    throw new Error(
      `refusing to write key ${JSON.stringify(leaking['kid'])} to a JWKS file: it holds private material`,
    );
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const staging = `${path}.${process.pid}.tmp`;
  // Public keys, but the file sits among the private ones and only Beacon's own processes read it.
  writeFileSync(staging, `${JSON.stringify({ keys: publicJwks }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(staging, 0o600);
  renameSync(staging, path);
}

/**
 * Signs a token for `principal` with the claims {@link JwtVerifier} expects:
 * `sub`, `partner_id`, `sector`, `roles`, optional `name`, and `iss`, `aud`,
 * `iat`, `exp`, `jti`.
 *
 * @returns the compact JWS token
 */
export function issueToken(options: IssueTokenOptions): string {
  const { privateJwk, principal } = options;
  const kid = options.kid ?? stringMember(privateJwk, 'kid');
  const alg = options.alg ?? (stringMember(privateJwk, 'alg') as SigningAlgorithm | undefined);
  if (!kid) throw new Error('issueToken needs a kid, either in options or on the private JWK');
  if (alg !== 'ES256' && alg !== 'RS256')
    throw new Error(`issueToken signs with ES256 or RS256, got ${String(alg)}`);
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new Error(`ttlSeconds must be a positive whole number, got ${options.ttlSeconds}`);
  }

  const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  const claims = {
    partner_id: principal.partnerId,
    sector: principal.sector,
    roles: [...principal.roles],
    ...(principal.name === undefined ? {} : { name: principal.name }),
    // jsonwebtoken derives exp and nbf from iat, so pinning iat pins them too.
    iat: issuedAt,
  };
  return sign(claims, createPrivateKey({ key: privateJwk, format: 'jwk' }), {
    algorithm: alg,
    keyid: kid,
    issuer: options.issuer,
    audience: typeof options.audience === 'string' ? options.audience : [...options.audience],
    subject: principal.subject,
    jwtid: principal.tokenId ?? randomUUID(),
    expiresIn: options.ttlSeconds,
    ...(options.notBeforeSeconds === undefined ? {} : { notBefore: options.notBeforeSeconds }),
  });
}

function stringMember(jwk: JsonWebKey, member: string): string | undefined {
  const value = jwk[member];
  return typeof value === 'string' ? value : undefined;
}
