import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * The only algorithms Beacon accepts. Both are asymmetric, so a verifier
 * never holds material that could mint a token.
 */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** A public key from the JWKS file, bound to the one algorithm it verifies. */
export interface VerificationKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly key: KeyObject;
  /**
   * When a rotated-out key stops verifying (the JWK's `exp`, seconds since
   * the epoch, a Beacon member: JWK itself has no validity). Until then
   * tokens it signed before the rotation keep working; absent, the key has
   * no end.
   */
  readonly notAfter?: Date;
}

/**
 * The JWKS file could not be turned into keys. Raised at start-up, so a bad
 * file stops the service instead of letting it run refusing every request.
 */
export class JwksError extends Error {
  override readonly name = 'JwksError';
}

// Members that only private or symmetric keys have. A verifier's key file
// holding one means a signing secret has leaked into configuration.
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const MIN_RSA_MODULUS_BITS = 2048;

/** The trusted public keys, looked up by `kid`. */
export class KeyRing {
  private readonly byKid: ReadonlyMap<string, VerificationKey>;

  /** @throws JwksError when two keys share a `kid` */
  constructor(keys: readonly VerificationKey[]) {
    const byKid = new Map<string, VerificationKey>();
    for (const key of keys) {
      if (byKid.has(key.kid))
        throw new JwksError(`two keys share kid "${key.kid}"; a kid must name exactly one key`);
      byKid.set(key.kid, key);
    }
    this.byKid = byKid;
  }

  /** The key with this `kid`, or `undefined` when none is trusted under it. */
  find(kid: string): VerificationKey | undefined {
    return this.byKid.get(kid);
  }

  /**
   * The key with this `kid` if it still verifies at `now`: `retired` when
   * its grace period (`notAfter`) has passed, `unknown` when no key has it.
   */
  select(
    kid: string,
    now: Date,
  ):
    { ok: true; key: VerificationKey } | { ok: false; reason: 'unknown' | 'retired'; key?: VerificationKey } {
    const key = this.byKid.get(kid);
    if (key === undefined) return { ok: false, reason: 'unknown' };
    if (key.notAfter !== undefined && now.getTime() > key.notAfter.getTime())
      return { ok: false, reason: 'retired', key };
    return { ok: true, key };
  }

  /** The `kid` of every trusted key, for diagnostics. */
  get kids(): readonly string[] {
    return [...this.byKid.keys()];
  }
}

/**
 * Reads a JWKS file (`{"keys": [...]}`) and builds the key ring from it.
 *
 * @throws JwksError when the file is unreadable, not JSON, or holds a key
 *   {@link parseJwks} refuses
 */
export function loadJwksFile(path: string): KeyRing {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new JwksError(`cannot read JWKS file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new JwksError(`JWKS file ${path} is not valid JSON`);
  }
  try {
    return parseJwks(document);
  } catch (error) {
    if (error instanceof JwksError) throw new JwksError(`JWKS file ${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Builds a key ring from a parsed JWKS document.
 *
 * Every key must be a public EC P-256 key (ES256) or RSA key of at least
 * 2048 bits (RS256) with a `kid`; a declared `alg` must match the key type,
 * and a declared `use` must be `sig`. One bad key refuses the whole file:
 * silently skipping it would turn a typo into "all tokens from that issuer
 * are refused" with no clue why.
 *
 * @throws JwksError naming the offending key
 */
export function parseJwks(document: unknown): KeyRing {
  if (!isObject(document) || !Array.isArray(document['keys'])) {
    throw new JwksError('a JWKS document must be an object with a "keys" array');
  }
  const keys: unknown[] = document['keys'];
  if (keys.length === 0) throw new JwksError('the JWKS "keys" array is empty');
  return new KeyRing(keys.map((jwk, index) => toVerificationKey(jwk, index)));
}

function toVerificationKey(jwk: unknown, index: number): VerificationKey {
  if (!isObject(jwk)) throw new JwksError(`key #${index} is not an object`);
  const kid = jwk['kid'];
  if (typeof kid !== 'string' || kid === '') throw new JwksError(`key #${index} has no "kid"`);
  const where = `key "${kid}"`;

  const secret = SECRET_MEMBERS.find((member) => member in jwk);
  if (secret !== undefined) {
    throw new JwksError(`${where} carries private member "${secret}"; publish public keys only`);
  }
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') {
    throw new JwksError(`${where} has use ${JSON.stringify(jwk['use'])}; only "sig" keys verify tokens`);
  }

  const alg = algorithmFor(jwk, where);
  const declared = jwk['alg'];
  if (declared !== undefined && declared !== alg) {
    throw new JwksError(
      `${where} declares alg ${JSON.stringify(declared)} but a ${jwk['kty']} key here can only be ${alg}`,
    );
  }

  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (error) {
    throw new JwksError(`${where} is not a valid public key: ${(error as Error).message}`);
  }
  if (alg === 'RS256') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_MODULUS_BITS) {
      throw new JwksError(
        `${where} is a ${bits}-bit RSA key; at least ${MIN_RSA_MODULUS_BITS} bits are required`,
      );
    }
  }
  const exp = jwk['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0)) {
    throw new JwksError(`${where} has exp ${JSON.stringify(exp)}; it must be seconds since the epoch`);
  }
  return Object.freeze({ kid, alg, key, ...(exp === undefined ? {} : { notAfter: new Date(exp * 1000) }) });
}

/** How often, at most, {@link JwksFileKeys} looks at the file again. */
export const JWKS_RECHECK_MS = 1000;

/**
 * The keys of a JWKS file, read again whenever the file changes, so that a
 * key rotation (a new key added, an old one given an `exp`) reaches a
 * running service without a restart. The file is looked at no more than
 * once a second. A rewrite that cannot be read (half a file, a bad key)
 * keeps the keys already loaded and is tried again at the next look: a
 * broken edit must not lock every caller out.
 */
export class JwksFileKeys {
  private ring: KeyRing;
  private stamp: string;
  private checkedAt: number;

  /** @throws JwksError when the file cannot be read at start-up */
  constructor(
    private readonly path: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.stamp = this.stampOf();
    this.ring = loadJwksFile(path);
    this.checkedAt = clock();
  }

  /** The keys as the file holds them now (at most a second old). */
  current(): KeyRing {
    const now = this.clock();
    if (now - this.checkedAt < JWKS_RECHECK_MS) return this.ring;
    this.checkedAt = now;
    const stamp = this.stampOf();
    if (stamp !== this.stamp) {
      try {
        this.ring = loadJwksFile(this.path);
        this.stamp = stamp;
      } catch {
        // Keep the keys in hand; the stamp is left as it was, so the next look reads the file again.
      }
    }
    return this.ring;
  }

  private stampOf(): string {
    try {
      const stats = statSync(this.path);
      return `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    } catch {
      return 'missing';
    }
  }
}

// The algorithm follows from the key type: with only ES256 and RS256 allowed,
// each key type has exactly one, so a key can never verify under two.
function algorithmFor(jwk: Readonly<Record<string, unknown>>, where: string): SigningAlgorithm {
  switch (jwk['kty']) {
    case 'EC':
      if (jwk['crv'] !== 'P-256') {
        throw new JwksError(
          `${where} is on curve ${JSON.stringify(jwk['crv'])}; only P-256 (ES256) is accepted`,
        );
      }
      return 'ES256';
    case 'RSA':
      return 'RS256';
    default:
      throw new JwksError(
        `${where} has kty ${JSON.stringify(jwk['kty'])}; only EC (P-256) and RSA keys are accepted`,
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
