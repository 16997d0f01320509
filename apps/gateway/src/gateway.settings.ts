import { authSpec, baseSpec, databaseSpec } from '@beacon/platform';
import { inboxSpec } from './inbox/inbox-settings';

/** Every setting beacon-gateway reads, with its default; checked before start. */
export const gatewaySettings = {
  ...baseSpec(8080),
  ...databaseSpec,
  ...authSpec,
  ...inboxSpec,
};
