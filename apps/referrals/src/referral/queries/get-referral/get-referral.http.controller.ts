import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import type { DisclosedReferral } from '../../disclosure/referral-disclosure';
import {
  callerOf,
  nameSubjects,
  REFERRAL_READER_ROLES,
  referralIdFrom,
  referralNotFound,
  type HeaderSink,
} from '../../http/referral-http';
import type { ReferralDetailView } from '../../referral-view';
import { GetReferralQuery } from './get-referral.query';

/** `GET /v1/referrals/:id`: one referral with its full history. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals')
export class GetReferralHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @Roles(...REFERRAL_READER_ROLES)
  @ApiOperation({
    summary: 'A referral and its history',
    description:
      'Each transition: type, from, to, by whom (partner and case worker), when, and the reason or outcome. ' +
      "Every field is decided by the sector policy for the caller's partner and sector (the subject id in " +
      'clear only with consent, otherwise hashed as in your deliveries or absent). ' +
      'A referral your organisation is not party to answers 404, as one that does not exist.',
  })
  @ApiOkResponse({ description: 'The referral with `history`, oldest first.' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token has neither the case-worker nor the supervisor role.' })
  @ApiNotFoundResponse({ description: 'Your organisation is party to no such referral.' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<DisclosedReferral<ReferralDetailView>> {
    const referralId = referralIdFrom(id);
    const answer = await this.queryBus.execute(new GetReferralQuery(callerOf(principal), referralId));
    if (answer === undefined) throw referralNotFound(referralId);
    nameSubjects(response, answer.subjectIds);
    return answer.referral;
  }
}
