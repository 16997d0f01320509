import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@beacon/auth';
import type { BreakGlassGrantedV1Data } from '@beacon/contracts';
import { correlationIdFrom } from '../../../consent/consent-events';
import { BREAK_GLASS_GRANTED_TYPE } from '../../domain/break-glass';
import { BreakGlassCommand, type BreakGlassResult } from './break-glass.command';

/** The 201 answer. */
export interface BreakGlassGranted {
  readonly grantId: string;
  /** The id of the `org.beacon.break-glass.granted.v1` event on its way to the canonical log. */
  readonly eventId: string;
  readonly grant: BreakGlassGrantedV1Data;
}

/**
 * `POST /v1/break-glass`: a case worker breaks the glass for one subject.
 * Which roles may, which categories it opens, how long it lasts and how long
 * the reason must be are the caller's sector policy's, not this route's: the
 * route needs only a verified token.
 */
@ApiTags('break-glass')
@ApiBearerAuth()
@Controller('v1/break-glass')
export class BreakGlassHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Break the glass: emergency access to a subject for your organisation, for a short time',
    description:
      'Body: `subjectId` (UUID), `reason` (required, at least as long as the sector policy asks), optionally ' +
      '`purpose` (only "emergency"), `categories` (a subset of those the policy opens; default all of them) and ' +
      "`durationMinutes` (default and maximum: the policy's). Until it expires, events about the subject " +
      'delivered to your organisation also carry those categories, each delivery flagged (ce_breakglass) and ' +
      `its disclosure record carrying the reason. A ${BREAK_GLASS_GRANTED_TYPE} event goes to the canonical log.`,
  })
  @ApiHeader({
    name: 'x-correlation-id',
    required: false,
    description: 'Carried on the event as correlationid.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['subjectId', 'reason'],
      properties: {
        subjectId: { type: 'string', format: 'uuid' },
        purpose: { type: 'string', enum: ['emergency'] },
        reason: { type: 'string', maxLength: 1000 },
        categories: { type: 'array', items: { type: 'string' } },
        durationMinutes: {
          type: 'number',
          minimum: 0,
          description: 'More than 0; at most the policy maximum.',
        },
      },
    },
  })
  @ApiCreatedResponse({ description: 'Granted; the answer shows the grant and its window.' })
  @ApiBadRequestResponse({
    description: 'A field is missing or wrong (the reason above all); `errors` names each.',
  })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: "The caller's roles or sector may not break the glass." })
  async breakGlass(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('x-correlation-id') correlationHeader?: string,
  ): Promise<BreakGlassGranted> {
    const result: BreakGlassResult = await this.commandBus.execute(
      new BreakGlassCommand(principal, body, correlationIdFrom(correlationHeader)),
    );
    switch (result.kind) {
      case 'granted':
        return { grantId: result.grant.grantId, eventId: result.eventId, grant: result.grant };
      case 'invalid':
        throw new BadRequestException({
          statusCode: HttpStatus.BAD_REQUEST,
          error: 'Bad Request',
          message: `the break-glass request is not valid: ${result.errors.map((e) => `${e.pointer || '(body)'} ${e.message}`).join('; ')}`,
          code: 'invalid',
          errors: result.errors,
        });
      case 'forbidden':
        throw new ForbiddenException({
          statusCode: HttpStatus.FORBIDDEN,
          error: 'Forbidden',
          message: result.message,
          code: 'break_glass_not_allowed',
        });
      default: {
        const unexpected: never = result;
        throw new Error(`unexpected result ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
