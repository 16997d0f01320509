import { Body, Controller, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { correlationIdFrom } from '../../consent-events';
import { consentConflict, consentNotFound, invalidRequest } from '../../consent-http-errors';
import type { ConsentView } from '../../consent-view';
import { CONSENT_REVOKED_TYPE, granteeKey } from '../../domain/consent';
import { RevokeConsentCommand } from './revoke-consent.command';

/** The 200 answer. */
export interface ConsentRevoked {
  readonly consentId: string;
  /** The id of the `org.beacon.consent.revoked.v1` event on its way to the canonical log. */
  readonly eventId: string;
  /** The consent after the revocation: which grantees are still in force. */
  readonly consent: ConsentView;
}

/** `POST /v1/consents/:id/revoke`: a case worker records that a person withdrew a consent. */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/consents')
export class RevokeConsentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/revoke')
  @Roles('case-worker')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Revoke a consent, wholly or for one grantee',
    description:
      'Body: `reason` (subject-request, guardian-request, capacity-reassessed, recorded-in-error, other), ' +
      'optionally `grantee` (a sector or partner grantee; without it the whole consent is revoked) and `notes`. ' +
      `It takes effect when recorded, and a ${CONSENT_REVOKED_TYPE} event follows the consent's own on the ` +
      'canonical log. Only the organisation that recorded the consent may revoke it; others get 404.',
  })
  @ApiHeader({
    name: 'x-correlation-id',
    required: false,
    description: 'Carried on the event as correlationid.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: {
        reason: {
          type: 'string',
          enum: ['subject-request', 'guardian-request', 'capacity-reassessed', 'recorded-in-error', 'other'],
        },
        grantee: {
          type: 'object',
          description: 'A grantee as in the consent, e.g. {"kind":"sector","sector":"ngo"}',
        },
        notes: { type: 'string', maxLength: 2000 },
      },
    },
  })
  @ApiOkResponse({ description: 'Revoked; the answer shows the consent after it.' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token lacks the case-worker role.' })
  @ApiNotFoundResponse({ description: "No such consent recorded by the caller's organisation." })
  @ApiConflictResponse({ description: 'The consent, or that grantee, is already revoked.' })
  @ApiUnprocessableEntityResponse({ description: 'An invalid body, or a grantee the consent does not name.' })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) consentId: string,
    @Body() body: unknown,
    @Headers('x-correlation-id') correlationHeader?: string,
  ): Promise<ConsentRevoked> {
    const result = await this.commandBus.execute(
      new RevokeConsentCommand(principal, consentId, body, correlationIdFrom(correlationHeader)),
    );
    switch (result.kind) {
      case 'revoked':
        return { consentId: result.consent.consentId, eventId: result.eventId, consent: result.consent };
      case 'invalid':
        throw invalidRequest(CONSENT_REVOKED_TYPE, result.errors);
      case 'not-found':
        throw consentNotFound(result.consentId);
      case 'refused':
        throw result.refusal.kind === 'already-revoked'
          ? consentConflict(
              'already_revoked',
              `the consent was already revoked at ${result.refusal.revokedAt}`,
            )
          : consentConflict(
              'grantee_already_revoked',
              `the consent was already revoked for ${granteeKey(result.refusal.grantee)} at ${result.refusal.revokedAt}`,
            );
      default: {
        const unexpected: never = result;
        throw new Error(`unexpected result ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
