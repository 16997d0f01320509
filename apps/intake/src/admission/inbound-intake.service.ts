import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchemaRegistry } from '@beacon/contracts';
import { ManagedConsumer, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import type { Admin, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { admitInboundBatch } from './admit-inbound-batch';
import { DedupeChangelog } from './dedupe-changelog';
import { DedupeStore } from './dedupe-store';

// One produce request per partition carries one record batch, which the
// broker bounds (max.message.bytes); sending in slices keeps each under it.
const MAX_SLICE_BYTES = 900 * 1024;

function slices(messages: Message[]): Message[][] {
  const out: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(String(message.value ?? '')) + 512;
    if (current.length > 0 && size + bytes > MAX_SLICE_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Reads every partner's inbound topic and, per batch, in one Kafka
 * transaction with the consumer offsets: publishes the admitted events to the
 * canonical log, the refusals to the partner's rejections topic, and the
 * admitted (source, id) pairs to the dedupe changelog. A crash leaves all of
 * it or none; a refused event never blocks the partition.
 */
@Injectable()
export class InboundIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registry = SchemaRegistry.load();
  private readonly dedupe: DedupeStore;
  private readonly producer: Producer;
  private readonly changelog: DedupeChangelog;
  private consumer?: ManagedConsumer;
  private subscribed = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private refreshing = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    private readonly config: ConfigService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('intake');
    const instance = this.config.getOrThrow<string>('INTAKE_INSTANCE_ID');
    this.dedupe = new DedupeStore(this.config.getOrThrow<number>('INTAKE_DEDUPE_WINDOW_HOURS') * 3600_000);
    // A stable id per instance: after a crash the restarted instance fences
    // its predecessor and aborts its open transaction at once.
    this.producer = kafka.producer({
      transactionalId: `${topics.transactionalIdPrefix('intake')}-${instance}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
    });
    this.changelog = new DedupeChangelog(kafka, admin, this.dedupe, {
      topic: topics.intakeDedupe,
      groupId: `${topics.consumerGroup('intake')}.dedupe-${instance}`,
      catchUpTimeoutMs: 60_000,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    const rebuilt = await this.changelog.start();
    this.logger.info({ ...rebuilt, entries: this.dedupe.size }, 'dedupe memory rebuilt from the changelog');
    await this.resubscribe();
    const refreshMs = this.config.getOrThrow<number>('INTAKE_TOPIC_REFRESH_SECONDS') * 1000;
    this.refreshTimer = setInterval(() => {
      this.dedupe.evict(Date.now());
      this.refreshing = this.refreshing
        .then(() => this.resubscribe())
        .catch((error: Error) => {
          this.logger.error({ err: error }, 'could not refresh the inbound topics');
        });
    }, refreshMs);
  }

  /** Follows new partners: a new inbound topic restarts the consumer with it. */
  private async resubscribe(): Promise<void> {
    const inbound = (await this.admin.listTopics())
      .filter((t) => t.startsWith(this.topics.inboundPrefix))
      .sort();
    const changed = inbound.length !== this.subscribed.size || inbound.some((t) => !this.subscribed.has(t));
    if (!changed) return;
    if (this.consumer) await this.consumer.stop();
    this.subscribed = new Set(inbound);
    if (inbound.length === 0) {
      this.consumer = undefined;
      this.logger.warn('no inbound topics yet; waiting for partners to be onboarded');
      return;
    }
    this.consumer = new ManagedConsumer(this.kafka, {
      groupId: this.topics.consumerGroup('intake'),
      topics: inbound,
      fromBeginning: true,
      autoCommit: false,
      eachBatch: (payload) => this.handleBatch(payload),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the inbound consumer stopped for good; exiting so a supervisor restarts intake',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
    await this.consumer.start();
    this.logger.info({ topics: inbound }, 'consuming inbound topics');
  }

  private async handleBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty() || !isRunning() || isStale()) return;
    const partnerId = batch.topic.slice(this.topics.inboundPrefix.length);
    const outcome = admitInboundBatch(
      { topic: batch.topic, partition: batch.partition, partnerId, records: batch.messages },
      this.registry,
      this.dedupe,
    );
    const transaction = await this.producer.transaction();
    try {
      for (const messages of slices(outcome.accepted))
        await transaction.send({ topic: this.topics.events, messages });
      if (outcome.rejections.length > 0) {
        await transaction.send({ topic: this.topics.rejections(partnerId), messages: outcome.rejections });
      }
      if (outcome.admittedKeys.length > 0) {
        await transaction.send({ topic: this.topics.intakeDedupe, messages: outcome.admittedKeys });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.topics.consumerGroup('intake'),
        topics: [
          {
            topic: batch.topic,
            partitions: [
              { partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
            ],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    const now = Date.now();
    for (const key of outcome.remember) this.dedupe.remember(key, now);
    this.logger.info(
      {
        topic: batch.topic,
        partition: batch.partition,
        accepted: outcome.accepted.length,
        rejected: outcome.rejections.length,
        duplicates: outcome.duplicates.length,
      },
      'inbound batch processed',
    );
    await heartbeat();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.refreshing;
    await this.consumer?.stop();
    await this.changelog.stop();
    await this.producer.disconnect();
  }
}
