import { baseSpec, databaseSpec } from '@beacon/platform';

/** Every setting beacon-referrals reads, with its default; checked before start. */
export const referralsSettings = {
  ...baseSpec(8083),
  ...databaseSpec,
};
