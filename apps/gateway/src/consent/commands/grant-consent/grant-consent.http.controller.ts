import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { ACCESS_NOTE_HEADER } from '../../../access-log/access-record';
import { correlationIdFrom } from '../../consent-events';
import {
  consentConflict,
  consentForbidden,
  consentUnavailable,
  invalidRequest,
} from '../../consent-http-errors';
import type { ConsentView } from '../../consent-view';
import { CONSENT_GRANTED_TYPE } from '../../domain/consent';
import { grantRefusalMessage } from '../../domain/consent-trust';
import { GrantConsentCommand } from './grant-consent.command';

/** The 201 answer. */
export interface ConsentRecorded {
  readonly consentId: string;
  /**
   * The id of the `org.beacon.consent.granted.v1` event on its way to the
   * canonical log; absent while the consent is `pending` (its event is
   * published when a supervisor confirms it).
   */
  readonly eventId?: string;
  readonly consent: ConsentView;
}

/** `POST /v1/consents`: a case worker records a consent a person gave. */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/consents')
export class GrantConsentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('case-worker')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Record a consent',
    description:
      `The body is ${CONSENT_GRANTED_TYPE} data (see /asyncapi.yaml) with its evidence ({ kind, reference }). ` +
      "recordedBy.organisation must be the caller's own partner (and sector, if given), and that organisation " +
      'must hold a relationship with the subject (it sent or received an event about them through Beacon). ' +
      "A consent that permits anything to the caller's own partner or sector is stored pending, opens nothing, " +
      'and waits for a supervisor of the organisation other than the recorder (POST /v1/consents/:id/confirm); ' +
      'any other consent is in force at once and its event published to the canonical log, keyed by the subject id. ' +
      'One person recording more than CONSENT_FLAG_THRESHOLD consents within CONSENT_FLAG_WINDOW_MINUTES is ' +
      'flagged for auditors (GET /v1/consents/flagged).',
  })
  @ApiHeader({
    name: 'x-correlation-id',
    required: false,
    description: 'Carried on the event as correlationid.',
  })
  @ApiBody({ schema: { type: 'object', description: `${CONSENT_GRANTED_TYPE} data` } })
  @ApiCreatedResponse({ description: 'Recorded; the answer names the consent and its event.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({
    description:
      "The token lacks the case-worker role, or the caller's organisation holds no relationship with the subject (code no_relationship).",
  })
  @ApiConflictResponse({ description: 'A consent with this id is already recorded.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Not valid consent data, no evidence, or recordedBy names another organisation; errors name each pointer.',
  })
  async grant(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: ServerResponse,
    @Headers('x-correlation-id') correlationHeader?: string,
  ): Promise<ConsentRecorded> {
    const result = await this.commandBus.execute(
      new GrantConsentCommand(principal, body, correlationIdFrom(correlationHeader)),
    );
    switch (result.kind) {
      case 'recorded':
        // On the access record's reason too: the audit trail, unlike the consent row, is hash-chained.
        if (result.consent.flag !== undefined)
          response.setHeader(
            ACCESS_NOTE_HEADER,
            `flagged ${result.consent.flag.code}: ${result.consent.flag.reason}`,
          );
        return {
          consentId: result.consent.consentId,
          ...(result.eventId === undefined ? {} : { eventId: result.eventId }),
          consent: result.consent,
        };
      case 'invalid':
        throw invalidRequest(CONSENT_GRANTED_TYPE, result.errors);
      case 'refused':
        throw consentForbidden('no_relationship', grantRefusalMessage(result.refusal));
      case 'unavailable':
        throw consentUnavailable(result.message);
      case 'duplicate':
        throw consentConflict('already_recorded', `consent ${result.consentId} is already recorded`);
      default: {
        const unexpected: never = result;
        throw new Error(`unexpected result ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
