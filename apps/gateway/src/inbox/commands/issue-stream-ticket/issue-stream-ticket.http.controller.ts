import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { INBOX_ROLES } from '../../inbox-http-errors';
import { IssueStreamTicketCommand } from './issue-stream-ticket.command';

/** The 201 answer. */
export interface StreamTicketIssued {
  /** Present it once, as `?ticket=`, before `expiresAt`. */
  readonly ticket: string;
  readonly expiresAt: string;
  /** The stream's path with the ticket, relative to the gateway. */
  readonly streamUrl: string;
}

/** `POST /v1/inbox/stream-tickets`: a single-use ticket that opens the caller's inbox stream. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox/stream-tickets')
export class IssueStreamTicketHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles(...INBOX_ROLES)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Ticket for the inbox stream',
    description:
      "For clients that cannot set an Authorization header (a browser's EventSource): the ticket opens " +
      'GET /v1/inbox/stream once, as the caller, within INBOX_TICKET_TTL_SECONDS (default 60). It is ' +
      'random (256 bits) and stored only as a hash.',
  })
  @ApiCreatedResponse({ description: '{ ticket, expiresAt, streamUrl }' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token has neither the case-worker nor the supervisor role.' })
  async issue(@CurrentPrincipal() principal: Principal): Promise<StreamTicketIssued> {
    const issued = await this.commandBus.execute(new IssueStreamTicketCommand(principal));
    return { ...issued, streamUrl: `/v1/inbox/stream?ticket=${encodeURIComponent(issued.ticket)}` };
  }
}
