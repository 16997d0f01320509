import { baseSpec, databaseSpec } from '@beacon/platform';

/** Every setting beacon-audit reads, with its default; checked before start. */
export const auditSettings = {
  ...baseSpec(8084),
  ...databaseSpec,
};
