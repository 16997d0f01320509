/**
 * The local token issuer of a Beacon stack on this machine: one ES256 key,
 * kept under `.beacon/keys/` (private key 0600) so that tokens minted by
 * `npm start` and by `beacon partner add` stay valid across restarts, and
 * its public half in the JWKS file the gateway trusts.
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

/** The local stack's secret for per-recipient hash keys, created once and kept (0600). */
export function hashSecret(keysDir: string): string {
  ensurePrivateDir(keysDir);
  const file = join(keysDir, 'hash-secret');
  if (!existsSync(file)) writeSecretFile(file, randomBytes(32).toString('hex'));
  else restrictToOwner(file);
  return readFileSync(file, 'utf8').trim();
}
