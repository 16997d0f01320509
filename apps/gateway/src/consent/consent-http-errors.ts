import {
  ConflictException,
  ForbiddenException,
  HttpStatus,
  ServiceUnavailableException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ValidationError } from '@beacon/contracts';

/*
 * The consent routes' error answers, one shape for all of them:
 * `{ statusCode, error, message, code }`, plus `errors` (pointer and
 * message each) when the request itself is at fault.
 */

/** 422: the request is not valid data of `type`; every reason, each with its JSON pointer. */
export function invalidRequest(
  type: string,
  errors: readonly ValidationError[],
): UnprocessableEntityException {
  return new UnprocessableEntityException({
    statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    error: 'Unprocessable Entity',
    message: `the request does not make valid ${type} data; see errors`,
    code: 'invalid',
    errors,
  });
}

/** 404: no consent with that id was recorded by the caller's organisation. */
export function consentNotFound(consentId: string): NotFoundException {
  return new NotFoundException({
    statusCode: HttpStatus.NOT_FOUND,
    error: 'Not Found',
    message: `your organisation has recorded no consent ${consentId}`,
    code: 'not_found',
  });
}

/** 409: the consent's state does not allow the change. */
export function consentConflict(code: string, message: string): ConflictException {
  return new ConflictException({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message, code });
}

/** 403: the caller may not make this change, and `message` says why. */
export function consentForbidden(code: string, message: string): ForbiddenException {
  return new ForbiddenException({ statusCode: HttpStatus.FORBIDDEN, error: 'Forbidden', message, code });
}

/** 503: what the decision needs cannot be read now; nothing was written. */
export function consentUnavailable(message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    statusCode: HttpStatus.SERVICE_UNAVAILABLE,
    error: 'Service Unavailable',
    message,
    code: 'relationship_unknown',
  });
}
