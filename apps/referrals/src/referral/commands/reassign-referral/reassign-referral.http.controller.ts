import { Body, Controller, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@beacon/auth';
import { checkReassignBody } from '../../domain/referral-requests';
import { ReferralActions, type HeaderSink, type ReferralActionResult } from '../../http/referral-http';
import { ReferralActionRoute } from '../../http/referral-action.route';
import { ReassignReferralCommand } from './reassign-referral.command';

/** `POST /v1/referrals/:id/reassign`: hand a referral to another case worker, for the receiving partner's case workers. */
@Controller('v1/referrals')
export class ReassignReferralHttpController {
  constructor(private readonly actions: ReferralActions) {}

  @ReferralActionRoute({
    action: 'reassign',
    summary: 'Hand a referral to another case worker',
    description:
      'Body: `workerId` and `workerName` of a worker of your own organisation, optional `workerRole` and `note`. Only the receiving partner may do this; the answer is the referral after it. ' +
      'A reassignment is kept in the history and not published (the originator is not told), so ' +
      '`eventIds` is empty.',
    body: {
      type: 'object',
      required: ['workerId', 'workerName'],
      properties: {
        workerId: { type: 'string', maxLength: 100 },
        workerName: { type: 'string', maxLength: 200 },
        workerRole: { type: 'string', maxLength: 100 },
        note: { type: 'string', maxLength: 2000 },
      },
    },
  })
  async reassign(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralActionResult> {
    return this.actions.perform(
      { principal, id, body: raw, response },
      checkReassignBody,
      (referralId, actor, body) => new ReassignReferralCommand(referralId, actor, body.worker, body.note),
    );
  }
}
