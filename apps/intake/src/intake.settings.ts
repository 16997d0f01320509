import { baseSpec } from '@beacon/platform';

/** Every setting beacon-intake reads, with its default; checked before start. */
export const intakeSettings = {
  ...baseSpec(8081),
};
