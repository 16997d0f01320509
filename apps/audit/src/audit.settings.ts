import { authSpec, baseSpec, databaseSpec, env } from '@beacon/platform';

/** Every setting beacon-audit reads, with its default; checked before start. */
export const auditSettings = {
  ...baseSpec(8084),
  ...databaseSpec,
  // Auditors reach this app through the gateway, which forwards their bearer token: it checks them itself.
  ...authSpec,
  /**
   * The Ed25519 private key (PKCS#8 PEM) that signs checkpoints and exports.
   * Created with mode 0600 when missing; keep it on a volume, because a new
   * key cannot vouch for checkpoints the old one signed.
   */
  AUDIT_SIGNING_KEY_FILE: env.string(
    'the path of an Ed25519 private key in PEM (created if missing)',
    '.beacon/audit/signing-key.pem',
  ),
  /** Sign a checkpoint whenever this many rows were added to a partition's chain since the last one. */
  AUDIT_CHECKPOINT_EVERY: env.int(1, 1_000_000, 100),
  /** …and at the latest this many seconds after rows were added, so the tail of a quiet chain is signed too. */
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: env.int(1, 86_400, 10),
  /**
   * Appended to the consumer group id. A new suffix makes a fresh group that
   * reads the audit topic again from the start: the database ignores what it
   * already holds, so this is how the trail is rebuilt or its idempotence shown.
   */
  AUDIT_CONSUMER_GROUP_SUFFIX: env.optional(
    env.custom('a short name of lower-case letters, digits or hyphens', (raw) => {
      if (!/^[a-z0-9-]{1,40}$/.test(raw))
        throw new Error(`"${raw}" is not a short name of lower-case letters, digits or hyphens`);
      return raw;
    }),
  ),
};
