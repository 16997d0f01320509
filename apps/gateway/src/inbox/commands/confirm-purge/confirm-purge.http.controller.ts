import {
  ConflictException,
  Controller,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
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
import type { RetractionRecord } from '../../domain/retraction';
import { invalidParameter } from '../../inbox-http-errors';
import { ConfirmPurgeCommand } from './confirm-purge.command';

const RETRACTION_ID = /^[0-9A-Za-z][0-9A-Za-z._:-]{0,199}$/;

/**
 * `POST /v1/retractions/:id/confirm`: a partner's system confirms that it
 * purged what an org.beacon.disclosure.retracted.v1 listed. A route rather
 * than an event through intake: the gateway already holds the retraction
 * (it applied it to the inbox), so the confirmation is one row of it, its
 * access record goes on the audit trail like every other call, and a
 * partner without Kafka can confirm as easily as one with it.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/retractions')
export class ConfirmPurgeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/confirm')
  @Roles('partner-system')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm a purge',
    description:
      "The partner's system confirms it removed, from its own records, every delivery the retraction " +
      '(its retractionId) listed. Auditors see retractions still unconfirmed (GET /v1/retractions).',
  })
  @ApiOkResponse({ description: 'Recorded; the answer shows the retraction.' })
  @ApiForbiddenResponse({ description: 'The token lacks the partner-system role.' })
  @ApiNotFoundResponse({ description: "The caller's partner received no such retraction." })
  @ApiConflictResponse({ description: 'Already confirmed; the first confirmation stands.' })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id') retractionId: string,
  ): Promise<{ retraction: RetractionRecord }> {
    if (!RETRACTION_ID.test(retractionId))
      throw invalidParameter('id', 'id must be the retractionId of an org.beacon.disclosure.retracted.v1');
    const result = await this.commandBus.execute(new ConfirmPurgeCommand(principal, retractionId));
    switch (result.kind) {
      case 'confirmed':
        return { retraction: result.retraction };
      case 'not-found':
        throw new NotFoundException({
          statusCode: HttpStatus.NOT_FOUND,
          error: 'Not Found',
          message: `your organisation received no retraction ${result.retractionId}`,
          code: 'not_found',
        });
      case 'refused':
        throw new ConflictException({
          statusCode: HttpStatus.CONFLICT,
          error: 'Conflict',
          message: `the purge was already confirmed at ${result.refusal.confirmedAt}`,
          code: 'already_confirmed',
        });
      default: {
        const unexpected: never = result;
        throw new Error(`unexpected result ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
