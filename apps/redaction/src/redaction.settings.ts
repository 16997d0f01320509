import { baseSpec, databaseSpec } from '@beacon/platform';

/** Every setting beacon-redaction reads, with its default; checked before start. */
export const redactionSettings = {
  ...baseSpec(8082),
  ...databaseSpec,
};
