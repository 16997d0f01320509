import {
  ConflictException,
  HttpStatus,
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
