import type { InboundRecord } from '../publish-events/structured-event';

/**
 * Appends a partner's records to its inbound topic, where intake reads them
 * as if the partner had produced them to Kafka itself.
 */
export interface InboundEventsPort {
  /**
   * Appends every record to `topic` in one write, acknowledged by every
   * in-sync replica before it resolves.
   *
   * @throws InboundAppendError when the records could not be written
   */
  append(topic: string, records: readonly InboundRecord[]): Promise<void>;
}

/**
 * Why an append failed: `too-large` when the broker refuses the size of the
 * write (sending fewer events per request helps), `unavailable` for anything
 * else (retrying helps: intake drops an event it already admitted).
 */
export class InboundAppendError extends Error {
  constructor(
    readonly reason: 'too-large' | 'unavailable',
    readonly topic: string,
    message: string,
  ) {
    super(message);
    this.name = 'InboundAppendError';
  }
}
