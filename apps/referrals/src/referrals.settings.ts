import { authSpec, baseSpec, databaseSpec, decisionSpec, env, policyFileSetting } from '@beacon/platform';
import { DEFAULT_ACCEPT_DEADLINES, parseAcceptDeadlines } from './referral/domain/accept-deadlines';

/** Every setting beacon-referrals reads, with its default; checked before start. */
export const referralsSettings = {
  ...baseSpec(8083),
  ...databaseSpec,
  // The case-worker API verifies the same bearer tokens as the gateway.
  ...authSpec,
  /**
   * How long a receiving partner has to accept a referral, by urgency
   * (units s, m, h, d); a delivered referral not accepted in time is
   * escalated once. An urgency left out is never escalated.
   */
  REFERRAL_ACCEPT_DEADLINES: env.custom(
    'urgency=duration pairs, e.g. emergency=1h,urgent=4h,priority=24h,routine=72h',
    parseAcceptDeadlines,
    parseAcceptDeadlines(DEFAULT_ACCEPT_DEADLINES),
  ),
  /** How often each instance looks for referrals past their accept deadline. */
  REFERRAL_ESCALATION_CHECK_SECONDS: env.int(1, 3600, 5),
  /**
   * The sector policy that decides every field of the case-worker API's
   * answers (its `apiFields.views`): the same file redaction decides
   * deliveries with.
   */
  REFERRALS_POLICY_FILE: policyFileSetting(),
  /**
   * Redaction's hash secret and the consent tables: a subject id the policy
   * hashes for a partner is the same hash in its referral answers as in its
   * deliveries.
   */
  ...decisionSpec,
};
