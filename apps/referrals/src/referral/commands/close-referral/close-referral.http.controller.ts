import { Body, Controller, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@beacon/auth';
import { checkCloseBody, REFERRAL_REASON_CODES } from '../../domain/referral-requests';
import { ReferralActions, type HeaderSink, type ReferralActionResult } from '../../http/referral-http';
import { ReferralActionRoute } from '../../http/referral-action.route';
import { CloseReferralCommand } from './close-referral.command';

/** `POST /v1/referrals/:id/close`: close a referral in progress with its outcome, for the receiving partner's case workers. */
@Controller('v1/referrals')
export class CloseReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @ReferralActionRoute({
    action: 'close',
    summary: 'Close a referral in progress with its outcome',
    description:
      'Body: `outcome` (successful or not-successful), a `reason` that fits it, optional `servicesProvided`, `onwardReferral`, `summary` and `note`. Only the receiving partner may do this; the answer is the referral after it, with ' +
      'the ids of the status-changed events it publishes.',
    body: {
      type: 'object',
      required: ['outcome', 'reason'],
      properties: {
        outcome: { type: 'string', enum: ['successful', 'not-successful'] },
        reason: { type: 'string', enum: [...REFERRAL_REASON_CODES] },
        servicesProvided: { type: 'array', items: { type: 'string' } },
        onwardReferral: { type: 'string' },
        summary: { type: 'string', maxLength: 2000 },
        note: { type: 'string', maxLength: 2000 },
      },
    },
  })
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    return this.actions.perform(
      { principal, id, body: raw, response },
      checkCloseBody,
      (referralId, actor, body) => new CloseReferralCommand(referralId, actor, body.outcome, body.note),
    );
  }
}
