import { CompressionTypes, Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import { encodeCloudEvent, type CloudEvent } from './cloudevents';

/**
 * An idempotent producer of CloudEvents: the broker drops the duplicates that
 * retries would otherwise write, and one in-flight request per connection
 * keeps a subject's events in the order they were published.
 */
export class EventPublisher {
  private connected = false;

  constructor(private readonly producer: Producer) {}

  /** Creates the publisher; call {@link connect} before publishing. */
  static create(kafka: Kafka): EventPublisher {
    return new EventPublisher(
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    );
  }

  /**
   * Connects, or closes whatever connections it opened and throws: a
   * producer refused at connect (no idempotent-write grant, say) would
   * otherwise keep its broker sockets, and its process, alive.
   */
  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      await this.producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.connected = true;
  }

  /** Publishes events to one topic, acknowledged by every in-sync replica. */
  async publish(topic: string, events: CloudEvent | readonly CloudEvent[]): Promise<RecordMetadata[]> {
    if (!this.connected) throw new Error('EventPublisher.publish called before connect()');
    const list = Array.isArray(events) ? events : [events as CloudEvent];
    return this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: list.map((event) => encodeCloudEvent(event)),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
