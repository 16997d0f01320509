import { BadRequestException, Controller, Get, HttpStatus, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@beacon/auth';
import type { ConsentView } from '../../consent-view';
import { ListFlaggedConsentsQuery } from './list-flagged-consents.query';

/** The 200 answer. */
export interface FlaggedConsents {
  /** Newest first. */
  readonly consents: readonly ConsentView[];
}

const MAX_LIMIT = 500;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** `GET /v1/consents/flagged`: auditors see the consents recorded in unusual numbers by one person. */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/consents')
export class ListFlaggedConsentsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('flagged')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Consents flagged for auditors',
    description:
      'Consents recorded by a person who, within CONSENT_FLAG_WINDOW_MINUTES, recorded more than ' +
      'CONSENT_FLAG_THRESHOLD; each carries its flag and reason. `since` (RFC 3339, default 30 days ago) ' +
      `and \`limit\` (default 100, at most ${MAX_LIMIT}).`,
  })
  @ApiOkResponse({ description: 'The flagged consents, newest first.' })
  @ApiForbiddenResponse({ description: 'The token lacks the auditor role.' })
  async list(
    @QueryParam('since') sinceParam?: string,
    @QueryParam('limit') limitParam?: string,
  ): Promise<FlaggedConsents> {
    const since =
      sinceParam === undefined ? new Date(Date.now() - 30 * 24 * 3600_000) : parseSince(sinceParam);
    const limit = limitParam === undefined ? 100 : parseLimit(limitParam);
    return { consents: await this.queryBus.execute(new ListFlaggedConsentsQuery(since, limit)) };
  }
}

function badParameter(name: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    error: 'Bad Request',
    message: `${name} ${message}`,
    code: 'invalid_parameter',
  });
}

function parseSince(raw: string): Date {
  const millis = Date.parse(raw);
  if (!RFC3339.test(raw) || !Number.isFinite(millis))
    throw badParameter('since', 'must be an RFC 3339 time with a time zone, e.g. 2026-12-01T00:00:00Z');
  return new Date(millis);
}

function parseLimit(raw: string): number {
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT)
    throw badParameter('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  return Number(raw);
}
