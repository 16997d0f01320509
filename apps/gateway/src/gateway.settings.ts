import { authSpec, baseSpec, databaseSpec, env } from '@beacon/platform';
import { consentSpec } from './consent/consent-settings';
import { inboxSpec } from './inbox/inbox-settings';

/** Every setting beacon-gateway reads, with its default; checked before start. */
export const gatewaySettings = {
  ...baseSpec(8080),
  ...databaseSpec,
  ...authSpec,
  /** How long an answer to a protected route waits for its access record's acknowledgement before a 503. */
  ACCESS_LOG_WRITE_TIMEOUT_MS: env.int(100, 120_000, 5_000),
  /** Where the referrals service's case-worker API answers; `/v1/referrals` is forwarded there. */
  REFERRALS_URL: env.url(['http', 'https'], 'http://127.0.0.1:8083'),
  /** Where the audit service's auditor API answers; `/v1/audit/*` and `/v1/explain` are forwarded there. */
  AUDIT_URL: env.url(['http', 'https'], 'http://127.0.0.1:8084'),
  ...inboxSpec,
  ...consentSpec,
};
