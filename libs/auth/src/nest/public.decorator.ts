import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'beacon:auth:public';

/**
 * Lets a route, or every route of a controller, through without a token.
 * Everything else needs one: the guard is global, so forgetting a decorator
 * fails closed.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
