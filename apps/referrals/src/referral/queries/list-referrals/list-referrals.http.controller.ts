import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { checkListQuery, MAX_PAGE_SIZE } from '../../domain/referral-requests';
import {
  callerOf,
  checked,
  nameSubjects,
  REFERRAL_READER_ROLES,
  type HeaderSink,
} from '../../http/referral-http';
import { ListReferralsQuery, type ReferralPage } from './list-referrals.query';

/** `GET /v1/referrals`: the referrals a case worker's organisation sent or received. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals')
export class ListReferralsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...REFERRAL_READER_ROLES)
  @ApiOperation({
    summary: "Your organisation's referrals",
    description:
      'Newest received first; workflow facts only, each decided by the sector policy for your partner and ' +
      'sector (the subject id in clear only with consent, otherwise hashed as in your deliveries or absent). ' +
      'Filters: `status` and ' +
      '`urgency` (comma-separated lists), `assignedWorker` (a worker id), `direction` (incoming or outgoing); ' +
      `\`limit\` (1-${MAX_PAGE_SIZE}, default 50) and \`cursor\` (the \`nextCursor\` of the previous page).`,
  })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'urgency', required: false })
  @ApiQuery({ name: 'assignedWorker', required: false })
  @ApiQuery({ name: 'direction', required: false, enum: ['incoming', 'outgoing'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ description: '`{ referrals, nextCursor? }`.' })
  @ApiBadRequestResponse({ description: 'A parameter is not valid; `errors` names each.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token has neither the case-worker nor the supervisor role.' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ReferralPage> {
    const filter = checked(checkListQuery(query));
    const { page, subjectIds } = await this.queryBus.execute(
      new ListReferralsQuery(callerOf(principal), filter),
    );
    nameSubjects(response, subjectIds);
    return page;
  }
}
