import { baseSpec, databaseSpec, env } from '@beacon/platform';

/** Every setting beacon-gateway reads, with its default; checked before start. */
export const gatewaySettings = {
  ...baseSpec(8080),
  ...databaseSpec,
  AUTH_JWKS_FILE: env.string('the path of a JWKS file with the token-signing public keys'),
  AUTH_ISSUER: env.string('the expected iss claim of access tokens'),
  AUTH_AUDIENCE: env.string('the expected aud claim of access tokens', 'beacon'),
  AUTH_CLOCK_SKEW_SECONDS: env.int(0, 300, 30),
};
