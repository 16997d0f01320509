import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  HttpException,
  Injectable,
  PayloadTooLargeException,
  type PipeTransform,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  bodyTooLargeMessage,
  checkEventBatch,
  ingestModeOf,
  parseEventBatch,
  type BodyProblem,
  type EventBatch,
} from './event-batch';
import { readRequestBody, type BodyStream } from './read-request-body';
import type { StructuredEvent } from './structured-event';

/** The HTTP request as the pipe sees it; `body` is set only if some parser ran before the route. */
export type IngestHttpRequest = BodyStream & { body?: unknown };

/**
 * Hands the route its request, for {@link EventBatchPipe} to read the body
 * from. Pipes run after the guard, so the body of a request without a valid
 * partner-system token is never buffered or parsed.
 */
export const IngestRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IngestHttpRequest =>
    context.switchToHttp().getRequest<IngestHttpRequest>(),
);

/**
 * Reads and shape-checks the body of `POST /v1/events` into the events it
 * carries, answering 415 for a media type it does not read, 413 for a body
 * or an event over its limit and 400 for anything that is not a batch of
 * JSON objects. What the events say is admission's to judge, not this pipe's.
 */
@Injectable()
export class EventBatchPipe implements PipeTransform<IngestHttpRequest, Promise<readonly StructuredEvent[]>> {
  async transform(request: IngestHttpRequest): Promise<readonly StructuredEvent[]> {
    const contentType = request.headers['content-type'];
    const media = ingestModeOf(contentType);
    if (!media.ok) {
      request.resume();
      throw httpException(media);
    }
    let batch: EventBatch;
    if (request.readableEnded) {
      // A parser ahead of the route took the body (the app-wide JSON parser
      // was not told to leave this route alone); judge what it made of it.
      batch = checkEventBatch(request.body, media.mode);
    } else {
      const raw = await readRequestBody(request, media.maxBytes);
      if (!raw.ok) {
        if (raw.reason === 'too-large') throw new PayloadTooLargeException(bodyTooLargeMessage(media.mode));
        if (raw.reason === 'encoded') throw new UnsupportedMediaTypeException(raw.message);
        throw new BadRequestException(raw.message);
      }
      batch = parseEventBatch(raw.bytes, media.mode);
    }
    if (!batch.ok) throw httpException(batch);
    return batch.events;
  }
}

function httpException(problem: BodyProblem): HttpException {
  switch (problem.status) {
    case 400:
      return problem.pointer === undefined
        ? new BadRequestException(problem.message)
        : new BadRequestException({
            statusCode: 400,
            error: 'Bad Request',
            message: problem.message,
            pointer: problem.pointer,
          });
    case 413:
      return new PayloadTooLargeException(problem.message);
    case 415:
      return new UnsupportedMediaTypeException(problem.message);
    default: {
      const unreachable: never = problem.status;
      throw new Error(`no exception for status ${String(unreachable)}`);
    }
  }
}
