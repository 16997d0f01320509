import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { EventPublisher, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { OutboxRelay, PostgresOutboxStore } from '@beacon/persistence';
import { kafkaOutboxPublisher } from './kafka-outbox.publisher';

/**
 * The Nest edge of an app's outbox relay (the gateway's consent changes,
 * the referrals' status changes): connects the idempotent
 * producer and starts polling once the app is up, and on shutdown stops the
 * relay (letting a pass under way finish) before the producer and the
 * database close. Rows a request commits after the relay stopped wait in
 * the outbox for the next start, which publishes them first.
 */
@Injectable()
export class OutboxRelayService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('OutboxRelay');
  private readonly publisher: EventPublisher;
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_REGISTRY) topics: TopicRegistry,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.publisher = EventPublisher.create(kafka);
    this.relay = new OutboxRelay({
      store: new PostgresOutboxStore(dataSource),
      publish: kafkaOutboxPublisher(this.publisher, topics),
      onError: (error, failures) =>
        this.logger.warn(
          `could not publish from the outbox (attempt ${failures}; retrying with backoff): ${(error as Error).message}`,
        ),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.connect();
    this.relay.start();
  }

  /** Wakes the relay: call it right after a transaction that wrote to the outbox committed. */
  nudge(): void {
    this.relay.nudge();
  }

  // Before the shutdown hooks, where TypeORM closes the DataSource the relay's pass may still be using.
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
