import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { ACCESS_LOG_SETTINGS, type AccessLogSettings } from '../access-log.di-tokens';
import { AccessRecordUnwritableError, type AccessRecordWriter } from '../ports/access-record-writer.port';

interface Pending {
  readonly record: CloudEvent;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Writes access records to the namespace's audit topic with an idempotent
 * producer (acks from every in-sync replica). Records that arrive while a
 * send is in flight wait and travel together in the next one, so under load
 * one round trip acknowledges many answers; each caller still hears about
 * its own record only once the broker acknowledged the batch holding it.
 *
 * After a failed send the producer is replaced: an idempotent producer whose
 * request failed half-way can be left with sequence numbers the broker no
 * longer accepts, and the next answer must not be refused for that.
 */
@Injectable()
export class KafkaAccessRecordWriter
  implements AccessRecordWriter, OnApplicationBootstrap, OnApplicationShutdown
{
  private producer: Producer;
  private connected: Promise<void> | undefined;
  private queue: Pending[] = [];
  private sending = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    @Inject(ACCESS_LOG_SETTINGS) private readonly settings: AccessLogSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('access-log');
    this.producer = this.newProducer();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  write(record: CloudEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      void this.drain();
    });
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The audit topic is provisioned; a missing one is an outage, not something to create.
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: Error) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.send(batch);
      }
    } finally {
      this.sending = false;
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const timeoutMs = this.settings.writeTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no acknowledgement from Kafka within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const sent = (async () => {
      await this.connect();
      await this.producer.send({
        topic: this.topics.audit,
        acks: -1,
        timeout: timeoutMs,
        compression: CompressionTypes.None,
        messages: batch.map((pending) => encodeCloudEvent(pending.record)),
      });
    })();
    try {
      await Promise.race([sent, deadline]);
      for (const pending of batch) pending.resolve();
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.error(
        { err: error, records: batch.map((p) => p.record.id), topic: this.topics.audit },
        'access records could not be written to the audit topic; their answers are withheld',
      );
      for (const pending of batch) {
        pending.reject(
          new AccessRecordUnwritableError(
            `the access record could not be written to the audit log: ${reason}`,
          ),
        );
      }
      // A late success of `sent` is harmless (the record exists, its answer was refused); a late failure is not news.
      sent.catch(() => undefined);
      this.replaceProducer();
    } finally {
      clearTimeout(timer);
    }
  }

  private replaceProducer(): void {
    const old = this.producer;
    this.producer = this.newProducer();
    this.connected = undefined;
    // Not awaited: the next batch goes out on the new producer while the old one closes.
    old.disconnect().catch(() => undefined);
  }
}
