import {
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { INGEST_MEDIA_TYPES, MAX_EVENTS_PER_REQUEST } from './event-batch';
import { EventBatchPipe, IngestRequest } from './event-batch.pipe';
import { InboundAppendErrorFilter } from './inbound-append-error.filter';
import { PublishEventsCommand, type EventsAccepted } from './publish-events.command';
import {
  AuthErrorDto,
  EventsAcceptedDto,
  EventsRefusedDto,
  HttpErrorDto,
  StructuredCloudEventDto,
} from './publish-events.dto';
import type { StructuredEvent } from './structured-event';

const ONE_EVENT = { $ref: getSchemaPath(StructuredCloudEventDto) };
const BATCH = { type: 'array' as const, minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: ONE_EVENT };

/** The path of the ingest route, without its leading slash. */
export const INGEST_ROUTE = 'v1/events';

/**
 * `POST /v1/events`: CloudEvents over HTTP for partners without a Kafka
 * client. The events go to the caller's own inbound topic, judged first
 * with intake's rules; the answer is 202 with their ids or 422 with every
 * reason, and a refused request writes nothing.
 */
@ApiTags('ingest')
@ApiBearerAuth()
@ApiExtraModels(StructuredCloudEventDto)
@Controller(INGEST_ROUTE)
export class PublishEventsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('partner-system')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseFilters(InboundAppendErrorFilter)
  @ApiOperation({
    summary: "Publish events to the caller's inbound topic",
    description:
      'Send one CloudEvent (`application/cloudevents+json`) or a batch of up to ' +
      `${MAX_EVENTS_PER_REQUEST} (\`application/cloudevents-batch+json\`), in structured content mode; ` +
      '`application/json` takes either shape. At most 1 MiB per event and 8 MiB per request. ' +
      'Every event is checked with the rules intake applies to inbound Kafka records; if any is refused, ' +
      'none is written and the answer lists every reason. Accepted events still pass through intake, which ' +
      'drops an event whose (source, id) it has already admitted, so a retried request is safe.',
    requestBody: {
      required: true,
      content: {
        [INGEST_MEDIA_TYPES.event]: { schema: ONE_EVENT },
        [INGEST_MEDIA_TYPES.batch]: { schema: BATCH },
        [INGEST_MEDIA_TYPES.json]: { schema: { oneOf: [ONE_EVENT, BATCH] } },
      },
    },
  })
  @ApiAcceptedResponse({ type: EventsAcceptedDto, description: 'Every event was admitted and written.' })
  @ApiBadRequestResponse({
    type: HttpErrorDto,
    description:
      'Not JSON, not I-JSON (a lone surrogate or a repeated member name; `pointer` names it), not an event or a batch of events, an empty batch or more than 500 events.',
  })
  @ApiUnauthorizedResponse({ type: AuthErrorDto, description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ type: AuthErrorDto, description: 'The token lacks the partner-system role.' })
  @ApiPayloadTooLargeResponse({
    type: HttpErrorDto,
    description: 'An event over 1 MiB or a request over 8 MiB.',
  })
  @ApiUnsupportedMediaTypeResponse({
    type: HttpErrorDto,
    description: 'Another media type, a charset other than UTF-8, or a compressed body.',
  })
  @ApiUnprocessableEntityResponse({
    type: EventsRefusedDto,
    description: 'At least one event was refused; none was written.',
  })
  @ApiServiceUnavailableResponse({
    type: HttpErrorDto,
    description: 'Kafka did not take the write; send it again.',
  })
  async publish(
    @CurrentPrincipal() principal: Principal,
    @IngestRequest(EventBatchPipe) events: readonly StructuredEvent[],
  ): Promise<EventsAccepted> {
    const result = await this.commandBus.execute(new PublishEventsCommand(principal.partnerId, events));
    if (!result.accepted) throw new UnprocessableEntityException(result);
    return result;
  }
}
