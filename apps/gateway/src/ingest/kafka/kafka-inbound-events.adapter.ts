import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KAFKA_CLIENT } from '@beacon/messaging/nest';
import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import { InboundAppendError, type InboundEventsPort } from '../ports/inbound-events.port';
import type { InboundRecord } from '../publish-events/structured-event';

// Kafka protocol errors that mean "this write is too big", whatever else is fine.
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * Appends records to inbound topics as the gateway's own Kafka principal
 * (`beacon-gateway`), whose ACLs allow writing every partner's inbound
 * topic; which one is the verified token's business, decided before here.
 */
@Injectable()
export class KafkaInboundEventsAdapter
  implements InboundEventsPort, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly producer: Producer;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka) {
    this.producer = kafka.producer({
      // Retries cannot duplicate, and one request in flight keeps a subject's events in order.
      idempotent: true,
      maxInFlightRequests: 1,
      // A token for a partner that was never onboarded must not create its topic.
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  async append(topic: string, records: readonly InboundRecord[]): Promise<void> {
    try {
      // One send: the records of one partition travel as one batch, which the
      // broker appends whole or not at all. Across partitions a failure can
      // leave some written; the partner's retry is then safe because intake
      // drops events it already admitted.
      await this.producer.send({
        topic,
        acks: -1,
        // Inbound topics take batches of up to 4 MiB and a request up to
        // 8 MiB of JSON; compressed, a full request fits in one batch.
        compression: CompressionTypes.GZIP,
        messages: records.map((record) => ({
          key: record.key,
          value: record.value,
          headers: { ...record.headers },
        })),
      });
    } catch (error) {
      const tooLarge = causes(error).some((cause) =>
        TOO_LARGE.has(String((cause as { type?: unknown }).type)),
      );
      throw new InboundAppendError(
        tooLarge ? 'too-large' : 'unavailable',
        topic,
        `could not write to ${topic}: ${(error as Error).message}`,
      );
    }
  }
}

// kafkajs wraps the broker's error in retry errors; the type sits somewhere in the chain.
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current instanceof Error && chain.length < 10; current = current.cause) {
    chain.push(current);
  }
  return chain;
}
