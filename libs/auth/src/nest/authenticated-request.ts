import type { Principal } from '../principal';

/**
 * The slice of an HTTP request the guard reads and writes. Kept structural so
 * the library works with Express and Fastify alike without importing either.
 */
export interface AuthenticatedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Set by the guard once the bearer token is verified; absent on `@Public()` routes. */
  principal?: Principal;
}
