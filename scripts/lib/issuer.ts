/**
 * The local token issuer of a Beacon stack on this machine: one ES256 key,
 * kept under `.beacon/keys/` (private key 0600) so that tokens minted by
 * `npm start` and by `beacon partner add` stay valid across restarts, and
 * its public half in the JWKS file the gateway trusts.
 *
 * `rotateIssuerKey` (`npx beacon keys rotate --kind token`) replaces the
 * signing key with a new one under a new `kid`. The old public key stays in
 * the JWKS file with an `exp` (rotation time + grace), so tokens it signed
 * keep working until then; apps read the file again when it changes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, restrictToOwner, writeSecretFile } from '@beacon/platform';
import {
  generateSigningKey,
  issueToken,
  writeJwksFile,
  type Role,
  type Sector,
  type SigningJwk,
} from '@beacon/auth';
import type { BeaconApp } from '@beacon/messaging';

export const LOCAL_ISSUER = 'urn:beacon:local-issuer';
/** The apps that answer HTTP requests with bearer tokens, and so need the issuer's keys. */
export const APPS_WITH_HTTP_AUTH: ReadonlySet<BeaconApp> = new Set<BeaconApp>([
  'gateway',
  'referrals',
  'audit',
]);
export const LOCAL_AUDIENCE = 'beacon';

export interface LocalIssuer {
  issuer: string;
  audience: string;
  jwksFile: string;
  mint(
    principal: { subject: string; partnerId: string; sector: Sector; roles: Role[] },
    ttlSeconds: number,
  ): string;
}

/** Loads the issuer key from `keysDir`, creating it on first use. */
export function localIssuer(keysDir: string): LocalIssuer {
  ensurePrivateDir(keysDir);
  const privateFile = join(keysDir, 'issuer.private.jwk.json');
  const jwksFile = join(keysDir, 'jwks.json');
  let privateJwk: SigningJwk;
  if (existsSync(privateFile)) {
    // A key left readable by others (an older Beacon, a copy) is made private before it is used again.
    restrictToOwner(privateFile);
    privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as SigningJwk;
  } else {
    const pair = generateSigningKey(`local-${Date.now()}`, 'ES256');
    privateJwk = pair.privateJwk;
    writeSecretFile(privateFile, JSON.stringify(privateJwk));
    writeJwksFile(jwksFile, [pair.publicJwk]);
  }
  if (!existsSync(jwksFile)) {
    const { d: _private, ...publicJwk } = privateJwk as SigningJwk & { d?: string };
    writeJwksFile(jwksFile, [publicJwk as SigningJwk]);
  } else {
    restrictToOwner(jwksFile);
  }
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    jwksFile,
    mint: (principal, ttlSeconds) =>
      issueToken({ privateJwk, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, ttlSeconds, principal }),
  };
}

/** The longest a token minted by Beacon's own tools lives (a partner's, 30 days): the default grace. */
export const DEFAULT_TOKEN_KEY_GRACE_SECONDS = 30 * 24 * 3600;

export interface TokenKeyRotation {
  /** The kid new tokens carry from now on. */
  readonly kid: string;
  /** The kid rotated out, and until when it still verifies. */
  readonly retired: { readonly kid: string; readonly until: Date };
  /** Keys whose grace had passed, dropped from the JWKS file. */
  readonly dropped: readonly string[];
}

/**
 * Replaces the issuer's signing key with a new one (new `kid`). The JWKS
 * file is written first, with the new public key and every old one still in
 * its grace period, the one just rotated out given `exp` = now + grace; only
 * then is the new private key put in place, so no token signed with it can
 * reach an app that does not know it yet. Keys past their grace are dropped.
 */
export function rotateIssuerKey(
  keysDir: string,
  options: { graceSeconds?: number; now?: Date } = {},
): TokenKeyRotation {
  const issuer = localIssuer(keysDir);
  const now = options.now ?? new Date();
  const grace = options.graceSeconds ?? DEFAULT_TOKEN_KEY_GRACE_SECONDS;
  if (!Number.isInteger(grace) || grace < 0) throw new Error(`the grace must be whole seconds, got ${grace}`);
  const privateFile = join(keysDir, 'issuer.private.jwk.json');
  const current = JSON.parse(readFileSync(privateFile, 'utf8')) as SigningJwk;
  const published = (
    JSON.parse(readFileSync(issuer.jwksFile, 'utf8')) as { keys: (SigningJwk & { exp?: number })[] }
  ).keys;
  const until = Math.floor(now.getTime() / 1000) + grace;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { d: _private, ...currentPublic } = current as SigningJwk & { d?: string };
  const kept = published.filter(
    (jwk) => jwk.kid !== current.kid && (jwk.exp === undefined || jwk.exp > nowSeconds),
  );
  const dropped = published
    .filter((jwk) => jwk.kid !== current.kid && !kept.includes(jwk))
    .map((jwk) => jwk.kid);
  let kid = `local-${now.getTime()}`;
  while (published.some((jwk) => jwk.kid === kid)) kid = `${kid}-1`;
  const next = generateSigningKey(kid, 'ES256');
  writeJwksFile(issuer.jwksFile, [next.publicJwk, { ...(currentPublic as SigningJwk), exp: until }, ...kept]);
  writeSecretFile(privateFile, JSON.stringify(next.privateJwk));
  return { kid, retired: { kid: current.kid, until: new Date(until * 1000) }, dropped };
}

/** The local stack's secret for per-recipient hash keys, created once and kept (0600). */
export function hashSecret(keysDir: string): string {
  ensurePrivateDir(keysDir);
  const file = join(keysDir, 'hash-secret');
  if (!existsSync(file)) writeSecretFile(file, randomBytes(32).toString('hex'));
  else restrictToOwner(file);
  return readFileSync(file, 'utf8').trim();
}
