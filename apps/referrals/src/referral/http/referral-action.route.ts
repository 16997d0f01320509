import { applyDecorators, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Roles } from '@beacon/auth';

/** What differs between the referral actions' routes: the verb, its words and its body. */
export interface ReferralActionRouteOptions {
  /** The last path segment: `POST /v1/referrals/:id/<action>`. */
  readonly action: string;
  readonly summary: string;
  readonly description: string;
  readonly body: SchemaObject;
}

/**
 * `POST /v1/referrals/:id/<action>` for case workers, with the answers every
 * action shares: 200 with the referral after it, 400 naming each field at
 * fault, 401, 403 (role, or the other party must act), 404 (not a party),
 * 409 with the referral as it stands.
 */
export function ReferralActionRoute(options: ReferralActionRouteOptions): MethodDecorator {
  return applyDecorators(
    Post(`:id/${options.action}`),
    Roles('case-worker'),
    HttpCode(HttpStatus.OK),
    ApiTags('referrals'),
    ApiBearerAuth(),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiBody({ schema: options.body }),
    ApiOkResponse({ description: 'Done; the referral after it.' }),
    ApiBadRequestResponse({
      description: 'A field of the body, or the id, is not valid; `errors` names each.',
    }),
    ApiUnauthorizedResponse({ description: 'No valid bearer token.' }),
    ApiForbiddenResponse({
      description: 'The token lacks the case-worker role, or the other party must do this.',
    }),
    ApiNotFoundResponse({ description: 'Your organisation is party to no such referral.' }),
    ApiConflictResponse({
      description: 'The status does not allow it; `current` is the referral as it stands.',
    }),
  );
}
