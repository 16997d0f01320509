import { authSpec, baseSpec, databaseSpec, env } from '@beacon/platform';

/** Every setting beacon-gateway reads, with its default; checked before start. */
export const gatewaySettings = {
  ...baseSpec(8080),
  ...databaseSpec,
  ...authSpec,
  /** How long an answer to a protected route waits for its access record's acknowledgement before a 503. */
  ACCESS_LOG_WRITE_TIMEOUT_MS: env.int(100, 120_000, 5_000),
};
