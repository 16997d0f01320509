import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_REASONS } from '@beacon/messaging';

/*
 * The wire shapes of POST /v1/events, for the OpenAPI document only. The
 * request is checked by event-batch.ts and admission, not by these classes,
 * so that the gateway refuses exactly what intake refuses.
 */

/** One CloudEvent in structured content mode. */
export class StructuredCloudEventDto {
  @ApiProperty({ type: String, enum: ['1.0'] })
  specversion!: '1.0';

  @ApiProperty({
    type: String,
    maxLength: 200,
    description: 'Unique per source: intake drops an event whose (source, id) it has already admitted.',
    example: '0b8f5d0e-6f6a-4b8e-9a3c-0f4b2f9c1d2a',
  })
  id!: string;

  @ApiProperty({
    type: String,
    description: "Must be the caller's own source, `urn:beacon:partner:<partnerId>` of the token.",
    example: 'urn:beacon:partner:metro-police',
  })
  source!: string;

  @ApiProperty({
    type: String,
    description: 'A Beacon event type partners may publish, with its version; see /asyncapi.yaml.',
    example: 'org.beacon.alert.raised.v1',
  })
  type!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When it happened (RFC 3339).',
    example: '2026-03-14T16:42:00Z',
  })
  time!: string;

  @ApiProperty({
    type: String,
    maxLength: 200,
    description:
      'The subject id; it must equal the subject id in the data. It is the Kafka key, so one ' +
      "subject's events keep one order.",
    example: '3f6c2a1e-8b4d-4e7f-9a2b-5c1d0e9f8a7b',
  })
  subject!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uri',
    description: "The data schema's `$id`; if given it must be the type's.",
    example: 'https://schemas.beacon.example/org.beacon.alert.raised.v1.json',
  })
  dataschema?: string;

  @ApiPropertyOptional({
    type: String,
    enum: ['application/json'],
    description: 'Beacon event data is JSON.',
  })
  datacontenttype?: 'application/json';

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    description: 'Extension: shared by every event of one business flow.',
  })
  correlationid?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    description: 'Extension: the id of the event that caused this one.',
  })
  causationid?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The event data, valid against the schema of `type` (at most 1 MiB as JSON; see /asyncapi.yaml).',
  })
  data!: Record<string, unknown>;
}

/** 202: every event was admitted and written. */
export class EventsAcceptedDto {
  @ApiProperty({ type: Boolean, enum: [true] })
  accepted!: true;

  @ApiProperty({ type: [String], description: "The events' ids, in the order they were sent." })
  ids!: string[];

  @ApiProperty({
    type: String,
    description: "The caller's inbound topic the events were written to; intake takes them from there.",
    example: 'beacon.inbound.metro-police',
  })
  topic!: string;
}

/** One reason an event was refused: the same words intake writes to the partner's rejections topic. */
export class RefusalReasonDto {
  @ApiProperty({
    type: String,
    description:
      'A JSON pointer to what is wrong. `/data/…` points into `data`; an attribute `x` of the event is ' +
      '`/headers/ce_x` and `datacontenttype` is `/headers/content-type`, as in the Kafka binding intake reads.',
    example: '/data/urgency',
  })
  pointer!: string;

  @ApiProperty({ type: String, example: 'must be one of: routine, priority, urgent, emergency' })
  message!: string;
}

/** One refused event. */
export class EventRefusalDto {
  @ApiProperty({
    type: 'integer',
    description: 'Its position in the request (0 for a single event).',
    example: 0,
  })
  index!: number;

  @ApiPropertyOptional({ type: String, description: 'Its id, when it has one.' })
  id?: string;

  @ApiProperty({ type: [RefusalReasonDto], maxItems: MAX_REASONS })
  reasons!: RefusalReasonDto[];
}

/** 422: at least one event was refused, and none of the request was written. */
export class EventsRefusedDto {
  @ApiProperty({ type: Boolean, enum: [false] })
  accepted!: false;

  @ApiProperty({ type: [EventRefusalDto], description: 'Every refused event, each with every reason.' })
  errors!: EventRefusalDto[];
}

/** Nest's error body. */
export class HttpErrorDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ type: String, example: 'Bad Request' })
  error!: string;

  @ApiProperty({ type: String, example: 'the batch is empty; send between 1 and 500 events' })
  message!: string;

  @ApiProperty({
    type: String,
    required: false,
    example: '/1/data/narrative',
    description: 'For a body that is not I-JSON: the JSON pointer of the offending string or member name.',
  })
  pointer?: string;
}

/** The guard's error body: Nest's, plus a machine-readable code. */
export class AuthErrorDto extends HttpErrorDto {
  @ApiProperty({
    type: String,
    example: 'insufficient_role',
    description: 'missing_token, expired, insufficient_role, …',
  })
  code!: string;
}
