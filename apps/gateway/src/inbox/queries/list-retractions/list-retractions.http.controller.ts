import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@beacon/auth';
import { readAge, type RetractionRecord } from '../../domain/retraction';
import { invalidParameter, singleQueryValue } from '../../inbox-http-errors';
import { ListRetractionsQuery } from './list-retractions.query';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** `GET /v1/retractions?unconfirmed=true&olderThan=4h&partner=`: auditors watch purges that were not confirmed. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/retractions')
export class ListRetractionsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary: 'Retractions and their purge confirmations',
    description:
      'Every retraction the gateway applied to a partner inbox, oldest first: how many deliveries it listed, ' +
      'how many it removed from the inbox, and whether (and when) the partner confirmed its own purge. ' +
      '`unconfirmed=true` keeps those not confirmed; `olderThan` (30s, 90m, 4h, 7d) those received longer ago; ' +
      `\`partner\` one partner's; \`limit\` 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`,
  })
  @ApiOkResponse({ description: '{ retractions }' })
  @ApiForbiddenResponse({ description: 'The token lacks the auditor role.' })
  async list(@Query() query: Record<string, unknown>): Promise<{ retractions: RetractionRecord[] }> {
    const unconfirmed = singleQueryValue(query, 'unconfirmed');
    if (unconfirmed !== undefined && unconfirmed !== 'true' && unconfirmed !== 'false')
      throw invalidParameter('unconfirmed', 'unconfirmed must be true or false');
    const olderThan = singleQueryValue(query, 'olderThan');
    const age = olderThan === undefined ? undefined : readAge(olderThan);
    if (age !== undefined && !age.ok) throw invalidParameter('olderThan', age.message);
    const partner = singleQueryValue(query, 'partner');
    if (partner !== undefined && !PARTNER_ID.test(partner))
      throw invalidParameter('partner', 'partner must be a partner id');
    const limitRaw = singleQueryValue(query, 'limit');
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw invalidParameter('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const retractions = await this.queryBus.execute(
      new ListRetractionsQuery({
        unconfirmed: unconfirmed === 'true',
        ...(age?.ok ? { receivedBefore: new Date(Date.now() - age.ms) } : {}),
        ...(partner === undefined ? {} : { partnerId: partner }),
        limit,
      }),
    );
    return { retractions };
  }
}
