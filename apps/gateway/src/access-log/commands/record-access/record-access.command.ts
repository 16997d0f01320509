import { Command } from '@nestjs/cqrs';
import type { AccessRecordedV1Data } from '@beacon/contracts';
import type { AnsweredRequest } from '../../access-record';

/**
 * Record that a request to a protected route is about to be answered. It
 * completes once the record is acknowledged by Kafka; it fails (and the
 * answer must be withheld) when it cannot be.
 */
export class RecordAccessCommand extends Command<AccessRecordedV1Data> {
  constructor(readonly answered: AnsweredRequest) {
    super();
  }
}
