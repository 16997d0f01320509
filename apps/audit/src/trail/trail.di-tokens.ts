/** Injection token of the {@link AuditLedger}: where the chains and their checkpoints are kept. */
export const AUDIT_LEDGER = Symbol('AUDIT_LEDGER');

/** Injection token of the checkpoint {@link Signer} (the Ed25519 key from AUDIT_SIGNING_KEY_FILE). */
export const AUDIT_SIGNER = Symbol('AUDIT_SIGNER');

/** Injection token of the {@link TrailSettings}. */
export const TRAIL_SETTINGS = Symbol('TRAIL_SETTINGS');
