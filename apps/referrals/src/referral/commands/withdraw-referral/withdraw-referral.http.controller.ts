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
import { checkReasonBody, REFERRAL_REASON_CODES } from '../../domain/referral-requests';
import {
  actorFrom,
  checked,
  referralIdFrom,
  ReferralActions,
  type HeaderSink,
  type ReferralActionResult,
} from '../../http/referral-http';
import { WithdrawReferralCommand } from './withdraw-referral.command';

/** `POST /v1/referrals/:id/withdraw`: withdraw an open referral, for the originating partner's case workers. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals')
export class WithdrawReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @Post(':id/withdraw')
  @Roles('case-worker')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Withdraw an open referral',
    description:
      'Body: `reason` (a referral reason code) and optional `note`. Only the originating partner may do this; the answer is the referral after it, with ' +
      'the ids of the status-changed events it publishes.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: {
        reason: { type: 'string', enum: [...REFERRAL_REASON_CODES] },
        note: { type: 'string', maxLength: 2000 },
      },
    },
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
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    const referralId = referralIdFrom(id);
    const body = checked(checkReasonBody(raw));
    return this.actions.run(
      principal,
      referralId,
      new WithdrawReferralCommand(referralId, actorFrom(principal), body.reasonCode, body.note),
      response,
    );
  }
}
