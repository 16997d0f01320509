import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ManagedConsumer, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import type { Admin, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { INBOX_SETTINGS } from '../../inbox.di-tokens';
import type { InboxSettings } from '../../inbox-settings';
import { ProjectDeliveriesCommand } from './project-deliveries.command';

/**
 * The inbox projector: reads every partner's delivery topic
 * (`<ns>.deliver.<partnerId>`, read committed, so only deliveries whose
 * audit record committed with them) in the consumer group
 * `<ns>.gateway.inbox`, and hands each batch to
 * {@link ProjectDeliveriesCommand}. Offsets are committed after the
 * database committed the batch: after a crash Kafka hands the batch over
 * again and the store recognises every record of it (by topic, partition
 * and offset).
 *
 * Partners onboarded later: every INBOX_TOPIC_REFRESH_SECONDS it lists the
 * delivery topics again and, when the set changed, restarts the consumer
 * with the new set. A new topic has no committed offset in the group, so it
 * is read from its beginning and nothing delivered before is missed.
 * Instances of the gateway share the partitions through the group.
 */
@Injectable()
export class ProjectDeliveriesKafkaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: ManagedConsumer;
  private subscribed = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private refreshing = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    private readonly commandBus: CommandBus,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('inbox-projector');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.resubscribe();
    this.refreshTimer = setInterval(() => {
      this.refreshing = this.refreshing
        .then(() => this.resubscribe())
        .catch((error: Error) => this.logger.error({ err: error }, 'could not refresh the delivery topics'));
    }, this.settings.topicRefreshMs);
  }

  private async resubscribe(): Promise<void> {
    if (this.stopping) return;
    const deliveries = (await this.admin.listTopics())
      .filter((topic) => topic.startsWith(this.topics.deliverPrefix))
      .sort();
    const changed =
      deliveries.length !== this.subscribed.size || deliveries.some((topic) => !this.subscribed.has(topic));
    if (!changed) return;
    await this.consumer?.stop();
    this.consumer = undefined;
    this.subscribed = new Set(deliveries);
    if (deliveries.length === 0) {
      this.logger.warn('no delivery topics yet; waiting for partners to be onboarded');
      return;
    }
    this.consumer = new ManagedConsumer(this.kafka, {
      groupId: this.settings.consumerGroup,
      topics: deliveries,
      fromBeginning: true,
      readCommitted: true,
      autoCommit: false,
      eachBatch: (payload) => this.consume(payload),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the inbox projector stopped for good; exiting so a supervisor restarts the gateway',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
    await this.consumer.start();
    this.logger.info(
      { topics: deliveries, group: this.settings.consumerGroup },
      'projecting delivery topics',
    );
  }

  private async consume({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty() || !isRunning() || isStale()) return;
    const partnerId = batch.topic.slice(this.topics.deliverPrefix.length);
    const result = await this.commandBus.execute(
      new ProjectDeliveriesCommand(partnerId, batch.topic, batch.partition, batch.messages),
    );
    // Only now that the rows are committed may Kafka forget the batch.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
    });
    await heartbeat();
    for (const record of result.unreadable) {
      this.logger.error(
        { topic: batch.topic, partition: batch.partition, offset: record.offset, errors: record.errors },
        'a delivery is not a readable CloudEvent; it is not shown in the inbox',
      );
    }
    this.logger.info(
      {
        partnerId,
        partition: batch.partition,
        records: batch.messages.length,
        stored: result.stored,
        retractions: result.retractions,
        purged: result.purged,
      },
      'deliveries stored in the inbox',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before TypeORM closes the database connection: the batch in hand finishes.
    this.stopping = true;
    clearInterval(this.refreshTimer);
    await this.refreshing;
    await this.consumer?.stop();
  }
}
