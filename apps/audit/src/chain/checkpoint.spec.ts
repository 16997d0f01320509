import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  checkpointSignatureValid,
  keyIdOf,
  publicKeyFromPem,
  publicKeyPem,
  signCheckpoint,
  signerFromPrivateKey,
  type CheckpointClaim,
} from './checkpoint';
import { newSigner } from './testing/chain-fixtures';

/** The Ed25519 key of RFC 8037, Appendix A.1. */
const RFC8037_KEY = createPrivateKey({
  key: {
    kty: 'OKP',
    crv: 'Ed25519',
    d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
    x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  },
  format: 'jwk',
});

const claim: CheckpointClaim = {
  partition: 0,
  sequence: 100,
  headHash: 'ab'.repeat(32),
  signedAt: '2025-03-01T10:00:10.000Z',
};

describe('checkpoint signing', () => {
  it('given the RFC 8037 key, when its id is computed, then it is the RFC 7638 thumbprint the RFC gives (A.3)', () => {
    const signer = signerFromPrivateKey(RFC8037_KEY);

    expect(signer.keyId).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('given the RFC 8037 key, when it signs the RFC’s input, then the signature is the RFC’s (A.4: Ed25519 is deterministic)', () => {
    const signer = signerFromPrivateKey(RFC8037_KEY);

    const signature = signer.sign(Buffer.from('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc'));

    expect(signature.toString('base64url')).toBe(
      'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
    );
  });

  it('given a claim, when signed, then the checkpoint carries the claim, the key id and a signature that verifies', () => {
    // given
    const signer = newSigner();

    // when
    const checkpoint = signCheckpoint(claim, signer);

    // then
    expect(checkpoint).toMatchObject({ ...claim, keyId: signer.keyId });
    expect(checkpoint.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(checkpointSignatureValid(checkpoint, signer.publicKey)).toBe(true);
  });

  it('given a signed checkpoint, when any claimed field is changed, then its signature no longer verifies', () => {
    const signer = newSigner();
    const checkpoint = signCheckpoint(claim, signer);

    for (const changed of [
      { ...checkpoint, partition: 1 },
      { ...checkpoint, sequence: 101 },
      { ...checkpoint, headHash: 'cd'.repeat(32) },
      { ...checkpoint, signedAt: '2025-03-01T10:00:11.000Z' },
      { ...checkpoint, keyId: 'another' },
      { ...checkpoint, signature: `${checkpoint.signature.slice(0, -2)}AA` },
      { ...checkpoint, signature: 'not base64url!' },
    ]) {
      expect({ changed, valid: checkpointSignatureValid(changed, signer.publicKey) }).toEqual({
        changed,
        valid: false,
      });
    }
  });

  it('given a checkpoint forged with another key under our key id, when checked with our key, then it does not verify', () => {
    const ours = newSigner();
    const forger = newSigner();
    const forged = { ...signCheckpoint(claim, { ...forger, keyId: ours.keyId }) };

    expect(forged.keyId).toBe(ours.keyId);
    expect(checkpointSignatureValid(forged, ours.publicKey)).toBe(false);
  });

  it('given a public key exported as PEM, when read back, then it has the same key id; a non-Ed25519 key is refused', () => {
    const signer = newSigner();

    expect(keyIdOf(publicKeyFromPem(publicKeyPem(signer.publicKey)))).toBe(signer.keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => publicKeyFromPem(publicKeyPem(rsa))).toThrow(/rsa key; an Ed25519 key is required/);
  });
});
