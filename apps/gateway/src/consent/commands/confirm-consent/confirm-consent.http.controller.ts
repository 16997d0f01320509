import { Controller, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { correlationIdFrom } from '../../consent-events';
import { consentConflict, consentForbidden, consentNotFound } from '../../consent-http-errors';
import type { ConsentView } from '../../consent-view';
import { confirmationRefusalMessage } from '../../domain/consent-trust';
import { ConfirmConsentCommand } from './confirm-consent.command';

/** The 200 answer. */
export interface ConsentConfirmed {
  readonly consentId: string;
  /** The id of the `org.beacon.consent.granted.v1` event, published now that the consent is in force. */
  readonly eventId: string;
  readonly consent: ConsentView;
}

/** `POST /v1/consents/:id/confirm`: a supervisor confirms a consent that widens what their organisation receives. */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/consents')
export class ConfirmConsentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/confirm')
  @Roles('supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm a pending consent',
    description:
      "A consent that permits anything to its recorder's own partner or sector waits, pending, for a " +
      'supervisor of the same organisation who is not the person who recorded it. Once confirmed it is in ' +
      'force for every event decided after, and its granted event (naming the confirmer) is published.',
  })
  @ApiOkResponse({ description: 'Confirmed; the answer shows the consent, now active.' })
  @ApiForbiddenResponse({
    description: 'Not a supervisor, or the supervisor recorded the consent themselves (code own_consent).',
  })
  @ApiNotFoundResponse({ description: "No such consent recorded by the caller's organisation." })
  @ApiConflictResponse({
    description: 'The consent needs no confirmation, is already confirmed, or was revoked.',
  })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) consentId: string,
    @Headers('x-correlation-id') correlationHeader?: string,
  ): Promise<ConsentConfirmed> {
    const result = await this.commandBus.execute(
      new ConfirmConsentCommand(principal, consentId, correlationIdFrom(correlationHeader)),
    );
    switch (result.kind) {
      case 'confirmed':
        return { consentId: result.consent.consentId, eventId: result.eventId, consent: result.consent };
      case 'not-found':
        throw consentNotFound(result.consentId);
      case 'refused': {
        const message = confirmationRefusalMessage(result.refusal);
        switch (result.refusal.kind) {
          case 'own-consent':
            throw consentForbidden('own_consent', message);
          case 'needs-no-confirmation':
            throw consentConflict('needs_no_confirmation', message);
          case 'already-confirmed':
            throw consentConflict('already_confirmed', message);
          case 'revoked':
            throw consentConflict('already_revoked', message);
          default: {
            const unexpected: never = result.refusal;
            throw new Error(`unexpected refusal ${JSON.stringify(unexpected)}`);
          }
        }
      }
      default: {
        const unexpected: never = result;
        throw new Error(`unexpected result ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
