import { Controller, Get, Query } from '@nestjs/common';
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
import { readSequence } from '../../domain/inbox-item';
import { INBOX_ROLES, invalidParameter, singleQueryValue } from '../../inbox-http-errors';
import { ListInboxQuery } from './list-inbox.query';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** One item of the 200 answer: the stream's message, as JSON. */
export interface InboxItemView {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly receivedAt: string;
  /** The structured CloudEvent, as delivered to the partner. */
  readonly event: unknown;
}

/** The 200 answer. */
export interface InboxPage {
  readonly items: readonly InboxItemView[];
  /** Pass as `after` for the next page (equals `after` when nothing more was stored). */
  readonly next: number;
}

/** `GET /v1/inbox?after=&limit=`: the caller's partner's inbox, page by page. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class ListInboxHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...INBOX_ROLES)
  @ApiOperation({
    summary: 'Inbox, paged',
    description:
      "The deliveries to the caller's partner, oldest first: the same items, ids and events as the stream " +
      '(escalations only to the roles their notifyRoles name).',
  })
  @ApiQuery({ name: 'after', required: false, description: 'Only items after this seq (default 0).' })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).` })
  @ApiOkResponse({ description: '{ items, next }' })
  @ApiBadRequestResponse({ description: 'after or limit is malformed; errors name the field.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token has neither the case-worker nor the supervisor role.' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<InboxPage> {
    const after = readSequence(singleQueryValue(query, 'after'), 'after');
    if (!after.ok) throw invalidParameter('after', after.message);
    const limit = readLimit(singleQueryValue(query, 'limit'));
    const { items, next } = await this.queryBus.execute(
      new ListInboxQuery(principal.partnerId, after.value, limit, principal.roles),
    );
    return {
      items: items.map((item) => ({
        seq: item.seq,
        id: item.eventId,
        type: item.type,
        subject: item.subject,
        time: item.time,
        receivedAt: item.receivedAt,
        event: JSON.parse(item.event) as unknown,
      })),
      next,
    };
  }
}

function readLimit(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_LIMIT;
  if (!/^\d{1,4}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw invalidParameter(
      'limit',
      `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(raw.slice(0, 20))}`,
    );
  }
  return Number(raw);
}
