import { BadRequestException, ForbiddenException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { hasAnyRole, type Principal, type Role } from '@beacon/auth';

/*
 * The inbox routes' error answers, in the shape the rest of the gateway
 * uses: `{ statusCode, error, message, code }`, plus `errors` (field and
 * message each) when the request itself is at fault.
 */

/**
 * The roles that may read an inbox. A supervisor reads the same items as the
 * case workers (escalations are addressed to it, see `isShownTo`); the inbox
 * is read-only, so that grants no action.
 */
export const INBOX_ROLES: readonly [Role, ...Role[]] = ['case-worker', 'supervisor'];

/** 400: a parameter is malformed; `field` names it as the client sent it. */
export function invalidParameter(field: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    error: 'Bad Request',
    message,
    code: 'invalid',
    errors: [{ field, message }],
  });
}

/** 401: no credential, or one that is not (or no longer) good. */
export function unauthorized(code: string, message: string): UnauthorizedException {
  return new UnauthorizedException({
    statusCode: HttpStatus.UNAUTHORIZED,
    error: 'Unauthorized',
    message: `${code}: ${message}`,
    code,
  });
}

/** Throws 403 unless the principal holds an inbox role. */
export function assertInboxReader(principal: Principal): void {
  if (!hasAnyRole(principal, INBOX_ROLES)) {
    throw new ForbiddenException({
      statusCode: HttpStatus.FORBIDDEN,
      error: 'Forbidden',
      message: `insufficient_role: this route needs one of ${INBOX_ROLES.join(', ')}`,
      code: 'insufficient_role',
    });
  }
}

/** A query parameter given once, as text; a repeated one is refused rather than guessed at. */
export function singleQueryValue(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(name, `${name} must be given once, as text`);
  return value;
}
