import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public, type Principal } from '@beacon/auth';
import { readSequence } from '../../domain/inbox-item';
import { assertInboxReader, invalidParameter, singleQueryValue } from '../../inbox-http-errors';
import { InboxStreamAuthenticator } from './inbox-stream-authenticator';
import { ServerSentEventsSink } from './server-sent-events.sink';
import { StreamInboxQuery } from './stream-inbox.query';

/** `GET /v1/inbox/stream`: the caller's partner's inbox as Server-Sent Events, live. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class StreamInboxHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly authenticator: InboxStreamAuthenticator,
  ) {}

  // Public to the global guard only: the authenticator takes a bearer token or a stream ticket.
  @Public()
  @Get('stream')
  @ApiOperation({
    summary: 'Live inbox (Server-Sent Events)',
    description:
      "The deliveries to the caller's partner, as redacted for it: first every stored item after " +
      'Last-Event-ID (header) or lastEventId (query), then each new one as it arrives. Each message has ' +
      'id = the item sequence number, event = the CloudEvent type, data = the structured CloudEvent. ' +
      'A comment line is sent every INBOX_HEARTBEAT_SECONDS. Escalations go only to the roles their ' +
      'notifyRoles name. Role case-worker or supervisor; a bearer token or a ' +
      'single-use ticket from POST /v1/inbox/stream-tickets.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this item (wins over lastEventId).',
  })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    description: 'Resume after this item (for clients that cannot set headers).',
  })
  @ApiQuery({ name: 'ticket', required: false, description: 'A stream ticket, instead of a bearer token.' })
  @ApiOkResponse({ description: 'text/event-stream' })
  @ApiBadRequestResponse({ description: 'Last-Event-ID or lastEventId is not an item id.' })
  @ApiUnauthorizedResponse({
    description: 'No credential, or a bad token, or an unknown, used or expired ticket.',
  })
  @ApiForbiddenResponse({
    description: 'The credential has neither the case-worker nor the supervisor role.',
  })
  async stream(
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    // Checked before the credential, so a malformed request does not spend a ticket.
    const header = request.headers['last-event-id'];
    const [field, raw] =
      header !== undefined
        ? ['Last-Event-ID', Array.isArray(header) ? header.join(',') : header]
        : ['lastEventId', singleQueryValue(query, 'lastEventId')];
    const position = readSequence(raw, field);
    if (!position.ok) throw invalidParameter(field, position.message);
    const ticket = singleQueryValue(query, 'ticket');

    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(request.headers.authorization, ticket);
    } catch (error) {
      if (error instanceof UnauthorizedException)
        response.setHeader('WWW-Authenticate', 'Bearer realm="beacon"');
      throw error;
    }
    assertInboxReader(principal);

    const sink = new ServerSentEventsSink(response);
    sink.open();
    const session = await this.queryBus.execute(
      new StreamInboxQuery(principal.partnerId, position.value, sink, principal.roles),
    );
    // The replay may have taken a while; the client may have left during it.
    if (sink.isGone) session.close();
    else response.on('close', () => session.close());
  }
}
