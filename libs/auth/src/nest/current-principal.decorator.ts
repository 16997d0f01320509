import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';
import type { AuthenticatedRequest } from './authenticated-request';

/**
 * Injects the verified {@link Principal} of the request. Always present on
 * guarded routes; `undefined` on `@Public()` ones, which are not authenticated.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
