import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize, type JsonValue } from './canonical-json';

/** The signature algorithm of checkpoints and exports. */
export const SIGNATURE_ALGORITHM = 'Ed25519';

/** Names what a checkpoint signature is over, so it cannot be taken for any other signed statement. */
export const CHECKPOINT_STATEMENT = 'beacon.audit.checkpoint.v1';

/** What a checkpoint claims: the chain of `partition` had `headHash` at `sequence` when it was signed. */
export interface CheckpointClaim {
  partition: number;
  sequence: number;
  headHash: string;
  /** When it was signed: an ISO 8601 UTC instant with milliseconds. */
  signedAt: string;
}

/** A claim with its Ed25519 signature (base64url) and the id of the key that made it. */
export interface SignedCheckpoint extends CheckpointClaim {
  keyId: string;
  signature: string;
}

/** Signs statements with one Ed25519 key; the private key never leaves it. */
export interface Signer {
  /** The RFC 7638 thumbprint of the public key. */
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(message: Buffer): Buffer;
}

/**
 * Throws unless `key` is an Ed25519 key: a checkpoint signed with anything
 * else could not be checked by the verifier that auditors run.
 */
function assertEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${what} is a ${key.asymmetricKeyType ?? key.type} key; an Ed25519 key is required`);
  }
}

/**
 * The key id: the RFC 7638 JWK thumbprint (SHA-256, base64url) of the public
 * key, so anyone with the key computes the same id without asking us.
 */
export function keyIdOf(publicKey: KeyObject): string {
  assertEd25519(publicKey, 'the public key');
  const jwk = publicKey.export({ format: 'jwk' });
  // RFC 7638 §3.2: the required members of an OKP key, in lexicographic order, no whitespace.
  const members = canonicalize({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(members, 'utf8').digest('base64url');
}

/** A {@link Signer} over an Ed25519 private key. */
export function signerFromPrivateKey(privateKey: KeyObject): Signer {
  assertEd25519(privateKey, 'the signing key');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    // Ed25519 hashes internally; node:crypto takes `null` as the digest for it.
    sign: (message) => sign(null, message, privateKey),
  };
}

/** Reads an Ed25519 public key (SPKI PEM). @throws when it is not one. */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  assertEd25519(key, 'the public key');
  return key;
}

/** The public key as SPKI PEM, the form `GET /v1/audit/public-key` hands out. */
export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The bytes a signed statement covers: the canonical JSON of its fields,
 * its statement name and the key id. Naming the statement keeps a checkpoint
 * signature from being replayed as an export signature and back.
 */
export function statementBytes(statement: string, keyId: string, fields: Record<string, JsonValue>): Buffer {
  return Buffer.from(canonicalize({ ...fields, statement, keyId }), 'utf8');
}

/** Whether `signature` (base64url) is `publicKey`'s signature of `message`. Never throws. */
export function signatureValid(message: Buffer, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return verify(null, message, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function checkpointBytes(claim: CheckpointClaim, keyId: string): Buffer {
  return statementBytes(CHECKPOINT_STATEMENT, keyId, {
    partition: claim.partition,
    sequence: claim.sequence,
    headHash: claim.headHash,
    signedAt: claim.signedAt,
  });
}

/** Signs a checkpoint claim. */
export function signCheckpoint(claim: CheckpointClaim, signer: Signer): SignedCheckpoint {
  const signature = signer.sign(checkpointBytes(claim, signer.keyId)).toString('base64url');
  return {
    partition: claim.partition,
    sequence: claim.sequence,
    headHash: claim.headHash,
    signedAt: claim.signedAt,
    keyId: signer.keyId,
    signature,
  };
}

/** Whether a checkpoint's signature is the key's signature of exactly its claim and key id. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  return signatureValid(checkpointBytes(checkpoint, checkpoint.keyId), checkpoint.signature, publicKey);
}
