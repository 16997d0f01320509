import { Body, Controller, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@beacon/auth';
import { checkReasonBody, REFERRAL_REASON_CODES } from '../../domain/referral-requests';
import { ReferralActions, type HeaderSink, type ReferralActionResult } from '../../http/referral-http';
import { ReferralActionRoute } from '../../http/referral-action.route';
import { WithdrawReferralCommand } from './withdraw-referral.command';

/** `POST /v1/referrals/:id/withdraw`: withdraw an open referral, for the originating partner's case workers. */
@Controller('v1/referrals')
export class WithdrawReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @ReferralActionRoute({
    action: 'withdraw',
    summary: 'Withdraw an open referral',
    description:
      'Body: `reason` (a referral reason code) and optional `note`. Only the originating partner may do this; the answer is the referral after it, with ' +
      'the ids of the status-changed events it publishes.',
    body: {
      type: 'object',
      required: ['reason'],
      properties: {
        reason: { type: 'string', enum: [...REFERRAL_REASON_CODES] },
        note: { type: 'string', maxLength: 2000 },
      },
    },
  })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    return this.actions.perform(
      { principal, id, body: raw, response },
      checkReasonBody,
      (referralId, actor, body) => new WithdrawReferralCommand(referralId, actor, body.reasonCode, body.note),
    );
  }
}
