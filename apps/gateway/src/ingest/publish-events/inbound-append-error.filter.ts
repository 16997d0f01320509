import {
  type ArgumentsHost,
  Catch,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { InboundAppendError } from '../ports/inbound-events.port';

/**
 * Answers a failed append as HTTP: 413 when the broker refuses the size of
 * the write, 503 otherwise. Either way the partner may send the same
 * request again; intake drops any event of it that did get through.
 */
@Catch(InboundAppendError)
export class InboundAppendErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('ingest');

  override catch(error: InboundAppendError, host: ArgumentsHost): void {
    this.logger.warn(`${error.reason}: ${error.message}`);
    super.catch(
      error.reason === 'too-large'
        ? new PayloadTooLargeException(
            `the events are too large for one write to ${error.topic}; send fewer events per request`,
          )
        : new ServiceUnavailableException(
            `the events could not be written to ${error.topic} just now; send the same request again`,
          ),
      host,
    );
  }
}
