import { authSpec, baseSpec, databaseSpec, env, pemFile } from '@beacon/platform';
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
  /** HTTPS: the certificate chain (PEM) to serve, with GATEWAY_TLS_KEY_FILE; both absent: plain HTTP. */
  GATEWAY_TLS_CERT_FILE: env.optional(
    pemFile('the path of a PEM file with the certificate chain', 'CERTIFICATE'),
  ),
  /** HTTPS: the private key (PEM) of GATEWAY_TLS_CERT_FILE. */
  GATEWAY_TLS_KEY_FILE: env.optional(pemFile('the path of a PEM file with the private key', 'PRIVATE KEY')),
  ...inboxSpec,
  ...consentSpec,
};
