import { baseSpec, databaseSpec, decisionSpec, env, policyFileSetting } from '@beacon/platform';

/** Every setting beacon-redaction reads, with its default; checked before start. */
export const redactionSettings = {
  ...baseSpec(8082),
  ...databaseSpec,
  /** Distinguishes instances of one deployment: it names the transactional id. */
  REDACTION_INSTANCE_ID: env.instanceId(),
  REDACTION_POLICY_FILE: policyFileSetting(),
  ...decisionSpec,
};
