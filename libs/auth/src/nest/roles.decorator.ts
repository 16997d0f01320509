import { SetMetadata } from '@nestjs/common';
import { isRole, type Role } from '../principal';

export const ROLES_KEY = 'beacon:auth:roles';

/**
 * Restricts a route, or a controller, to principals holding at least one of
 * `roles`; others get 403. On a method it replaces, not adds to, the roles of
 * its controller, so a controller-wide rule can be narrowed or widened per route.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => {
  // The tuple type already demands one role; this catches callers that bypass the types.
  if (roles.length === 0 || !roles.every(isRole)) {
    throw new Error(`@Roles() needs one or more known roles, got ${JSON.stringify(roles)}`);
  }
  return SetMetadata(ROLES_KEY, Object.freeze([...roles]));
};
