import { createHmac } from 'node:crypto';
import type { HashKeySource } from './transformations';

/**
 * The per-recipient HMAC keys of the `hash` action, derived from one secret
 * so that two partners' hashes of one value differ. Every Beacon service
 * that decides with the engine (redaction for deliveries, referrals for its
 * API answers) derives its keys here from the same secret, so a partner sees
 * one hash of a subject id wherever Beacon shows it and can match an API
 * answer to a delivery. Keys are kept per partner for the function's life;
 * keep one function per secret (the engine caches keys per function).
 */
export function hashKeysFromSecret(secret: string): HashKeySource {
  const keys = new Map<string, Buffer>();
  return (partnerId: string): Buffer => {
    let key = keys.get(partnerId);
    if (key === undefined) {
      key = createHmac('sha256', secret).update(`beacon-hash-key:${partnerId}`).digest();
      keys.set(partnerId, key);
    }
    return key;
  };
}
