/**
 * An event written to the outbox by the transaction that caused it, waiting
 * for the relay to publish it.
 */
export interface NewOutboxMessage {
  /**
   * The event's id (the CloudEvents `id` in Beacon). The relay delivers at
   * least once, so consumers recognise a republished event by this id.
   */
  readonly eventId: string;
  /**
   * Which topic, as a kind the publisher maps to a name (`events` in
   * Beacon). The name itself is not stored: it depends on the deployment's
   * namespace, which belongs to the process, not to the row.
   */
  readonly topicKind: string;
  /** The record key; Beacon uses the subject id, so one subject's events keep one order. */
  readonly key: string;
  /** The event type, e.g. `org.beacon.consent.granted.v1`. */
  readonly type: string;
  /** Every attribute of the event except its payload (for Beacon, the CloudEvents attributes). */
  readonly headers: Readonly<Record<string, string>>;
  /** The event's data, stored as jsonb. */
  readonly payload: unknown;
}

/** An outbox row as the relay reads it. */
export interface OutboxMessage extends NewOutboxMessage {
  /**
   * The row's position in the outbox (a bigserial). A string, because it may
   * outgrow the integers a JavaScript number holds exactly.
   */
  readonly id: string;
  readonly createdAt: Date;
}

/**
 * Publishes messages, in the order given, and resolves only once the broker
 * has acknowledged every one of them. A rejection leaves them all unpublished
 * in the outbox, to be offered again.
 */
export type PublishOutboxMessages = (messages: readonly OutboxMessage[]) => Promise<void>;
