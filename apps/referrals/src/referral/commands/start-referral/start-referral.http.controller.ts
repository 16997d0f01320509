import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
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
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { checkNoteBody } from '../../domain/referral-requests';
import {
  actorFrom,
  checked,
  referralIdFrom,
  ReferralActions,
  type HeaderSink,
  type ReferralActionResult,
} from '../../http/referral-http';
import { StartReferralCommand } from './start-referral.command';

/** `POST /v1/referrals/:id/start`: start work on an accepted referral, for the receiving partner's case workers. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals')
export class StartReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @Post(':id/start')
  @Roles('case-worker')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start work on an accepted referral',
    description:
      'Body: optional `note`. Only the receiving partner may do this; the answer is the referral after it, with ' +
      'the ids of the status-changed events it publishes.',
  })
  @ApiBody({
    schema: { type: 'object', required: [], properties: { note: { type: 'string', maxLength: 2000 } } },
  })
  @ApiOkResponse({ description: 'Done; the referral after it.' })
  @ApiBadRequestResponse({
    description: 'A field of the body, or the id, is not valid; `errors` names each.',
  })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({
    description: 'The token lacks the case-worker role, or the other party must do this.',
  })
  @ApiNotFoundResponse({ description: 'Your organisation is party to no such referral.' })
  @ApiConflictResponse({
    description: 'The status does not allow it; `current` is the referral as it stands.',
  })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    const referralId = referralIdFrom(id);
    const body = checked(checkNoteBody(raw));
    return this.actions.run(
      principal,
      referralId,
      new StartReferralCommand(referralId, actorFrom(principal), body.note),
      response,
    );
  }
}
