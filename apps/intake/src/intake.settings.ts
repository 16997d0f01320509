import { baseSpec, env } from '@beacon/platform';

/** Every setting beacon-intake reads, with its default; checked before start. */
export const intakeSettings = {
  ...baseSpec(8081),
  /** Distinguishes instances of one deployment: it names the transactional id. */
  INTAKE_INSTANCE_ID: env.instanceId(),
  /** How long a (source, id) pair is remembered to refuse replays. */
  INTAKE_DEDUPE_WINDOW_HOURS: env.int(1, 24 * 90, 24 * 7),
  /** How often intake looks for inbound topics of newly onboarded partners. */
  INTAKE_TOPIC_REFRESH_SECONDS: env.int(1, 3600, 30),
};
