import { authSpec, baseSpec, databaseSpec } from '@beacon/platform';

/** Every setting beacon-gateway reads, with its default; checked before start. */
export const gatewaySettings = {
  ...baseSpec(8080),
  ...databaseSpec,
  ...authSpec,
};
