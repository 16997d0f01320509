import { baseSpec, databaseSpec, env } from '@beacon/platform';

/** Every setting beacon-redaction reads, with its default; checked before start. */
export const redactionSettings = {
  ...baseSpec(8082),
  ...databaseSpec,
  /** Distinguishes instances of one deployment: it names the transactional id. */
  REDACTION_INSTANCE_ID: env.instanceId(),
  REDACTION_POLICY_FILE: env.string(
    'the path of a sector policy file',
    'config/policies/beacon-default.v1.json',
  ),
  /** The secret the per-recipient hash keys derive from; rotating it changes every hash. */
  REDACTION_HASH_SECRET: env.custom('a secret of at least 32 characters', (raw) => {
    if (raw.length < 32) throw new Error(`is ${raw.length} characters long`);
    return raw;
  }),
  /** The schema of the consent tables the gateway owns. */
  CONSENT_SCHEMA: env.identifier('gateway'),
};
