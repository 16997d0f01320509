import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ManagedConsumer, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { TRAIL_SETTINGS } from '../../trail.di-tokens';
import type { TrailSettings } from '../../trail-settings';
import { AppendAuditRecordsCommand } from './append-audit-records.command';
import { auditRecordFromKafka } from './audit-record-from-kafka';

/**
 * Reads the namespace's audit topic (read committed: a disclosure record is
 * visible only once its delivery's transaction committed) and hands each
 * Kafka batch to {@link AppendAuditRecordsCommand}. Offsets are committed by
 * hand, after the database committed the batch: a crash in between makes
 * Kafka deliver the batch again, and the database recognises every record
 * of it. At-least-once from Kafka, exactly once in the trail.
 */
@Injectable()
export class AppendAuditRecordsKafkaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: ManagedConsumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    @Inject(TRAIL_SETTINGS) private readonly settings: TrailSettings,
    private readonly commandBus: CommandBus,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('audit-consumer');
    this.consumer = new ManagedConsumer(kafka, {
      groupId: settings.consumerGroup,
      topics: [topics.audit],
      fromBeginning: true,
      readCommitted: true,
      autoCommit: false,
      // Each partition is its own chain, appended under its own lock: they can be written side by side.
      partitionsConsumedConcurrently: 8,
      eachBatch: (payload) => this.consume(payload),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the audit consumer stopped for good; exiting so a supervisor restarts it',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    this.logger.info(
      { topic: this.topics.audit, group: this.settings.consumerGroup },
      'reading the audit topic',
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
    const records = batch.messages.map((message) => {
      const read = auditRecordFromKafka(message, {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
      });
      if (read.problems) {
        this.logger.error(
          {
            partition: batch.partition,
            offset: message.offset,
            recordId: read.pending.recordId,
            problems: read.problems,
          },
          'a record of the audit topic is not a readable CloudEvent; it is chained as raw bytes',
        );
      }
      return read.pending;
    });
    const result = await this.commandBus.execute(new AppendAuditRecordsCommand(batch.partition, records));
    // Only now that the rows are committed may Kafka forget the batch.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
    });
    await heartbeat();
    if (result.conflicting.length > 0) {
      this.logger.error(
        { partition: batch.partition, recordIds: result.conflicting },
        'records reuse the id of a stored record with other content; the stored one is kept',
      );
    }
    this.logger.info(
      {
        partition: batch.partition,
        records: records.length,
        appended: result.appended,
        replayed: result.replayed,
        checkpoints: result.checkpoints,
        head: result.head?.sequence,
      },
      'audit batch stored',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before the database connection closes (TypeORM closes it on application shutdown): the batch in hand finishes.
    await this.consumer.stop();
  }
}
