import { Body, Controller, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@beacon/auth';
import { checkNoteBody } from '../../domain/referral-requests';
import { ReferralActions, type HeaderSink, type ReferralActionResult } from '../../http/referral-http';
import { ReferralActionRoute } from '../../http/referral-action.route';
import { StartReferralCommand } from './start-referral.command';

/** `POST /v1/referrals/:id/start`: start work on an accepted referral, for the receiving partner's case workers. */
@Controller('v1/referrals')
export class StartReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @ReferralActionRoute({
    action: 'start',
    summary: 'Start work on an accepted referral',
    description:
      'Body: optional `note`. Only the receiving partner may do this; the answer is the referral after it, with ' +
      'the ids of the status-changed events it publishes.',
    body: { type: 'object', required: [], properties: { note: { type: 'string', maxLength: 2000 } } },
  })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    return this.actions.perform(
      { principal, id, body: raw, response },
      checkNoteBody,
      (referralId, actor, body) => new StartReferralCommand(referralId, actor, body.note),
    );
  }
}
