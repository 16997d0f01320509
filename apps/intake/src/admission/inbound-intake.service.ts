import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchemaRegistry } from '@beacon/contracts';
import {
  PartnerDirectory,
  TransactionalPipeline,
  type PipelineOutput,
  type TopicRegistry,
} from '@beacon/messaging';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import type { Admin, Batch, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { admitInboundBatch, type BatchOutcome } from './admit-inbound-batch';
import { DedupeChangelog } from './dedupe-changelog';
import { DedupeStore } from './dedupe-store';

/**
 * Reads every partner's inbound topic and, per batch, in one Kafka
 * transaction with the consumer offsets: publishes the admitted events to the
 * canonical log, the refusals to the partner's rejections topic, and the
 * admitted (source, id) pairs to the dedupe changelog. A crash leaves all of
 * it or none; a refused event never blocks the partition.
 *
 * It follows the partner directory: a batch from a partner that is
 * suspended, removed or unknown to the directory, when the batch is
 * decided, is refused record by record with that reason (on the partner's
 * rejections topic) and never reaches the canonical log. Those records are
 * consumed, not held back: reinstating a partner does not bring back what it
 * wrote while it was refused; it sends those events again.
 */
@Injectable()
export class InboundIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registry = SchemaRegistry.load();
  private readonly dedupe: DedupeStore;
  private readonly changelog: DedupeChangelog;
  private readonly directory: PartnerDirectory;
  private readonly transactionalId: string;
  private pipeline?: TransactionalPipeline;
  private subscribed = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private refreshing = Promise.resolve();
  /** Outcomes of batches whose transaction is under way, to remember once committed. */
  private readonly pending = new WeakMap<Batch, BatchOutcome>();

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
    this.transactionalId = `${topics.transactionalIdPrefix('intake')}-${instance}`;
    this.changelog = new DedupeChangelog(kafka, admin, this.dedupe, {
      topic: topics.intakeDedupe,
      groupId: `${topics.consumerGroup('intake')}.dedupe-${instance}`,
      catchUpTimeoutMs: 60_000,
    });
    // Per instance: the follower never commits and must read every partition.
    this.directory = new PartnerDirectory(
      kafka,
      admin,
      topics.partners,
      `${topics.consumerGroup('intake')}.directory-${instance}`,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Before any inbound record is decided: a partner not yet read would be refused.
    const directory = await this.directory.start();
    this.logger.info(
      { ...directory, active: this.directory.active().length, partners: this.directory.all().length },
      'partner directory loaded',
    );
    const rebuilt = await this.changelog.start();
    this.logger.info({ ...rebuilt, entries: this.dedupe.size }, 'dedupe memory rebuilt from the changelog');
    await this.resubscribe();
    const refreshMs = this.config.getOrThrow<number>('INTAKE_TOPIC_REFRESH_SECONDS') * 1000;
    this.refreshTimer = setInterval(() => {
      this.dedupe.evict(Date.now());
      this.refreshing = this.refreshing
        .then(() => this.resubscribe())
        .catch((error: Error) => this.logger.error({ err: error }, 'could not refresh the inbound topics'));
    }, refreshMs);
  }

  /** Follows new partners: a new inbound topic restarts the pipeline with it. */
  private async resubscribe(): Promise<void> {
    const inbound = (await this.admin.listTopics())
      .filter((t) => t.startsWith(this.topics.inboundPrefix))
      .sort();
    const changed = inbound.length !== this.subscribed.size || inbound.some((t) => !this.subscribed.has(t));
    if (!changed) return;
    await this.pipeline?.stop();
    this.pipeline = undefined;
    this.subscribed = new Set(inbound);
    if (inbound.length === 0) {
      this.logger.warn('no inbound topics yet; waiting for partners to be onboarded');
      return;
    }
    this.pipeline = new TransactionalPipeline(this.kafka, {
      groupId: this.topics.consumerGroup('intake'),
      topics: inbound,
      transactionalId: this.transactionalId,
      transform: (batch) => this.transform(batch),
      onCommitted: (batch) => this.committed(batch),
      onAborted: (batch) => this.aborted(batch),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the inbound consumer stopped for good; exiting so a supervisor restarts intake',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
    await this.pipeline.start();
    this.logger.info({ topics: inbound }, 'consuming inbound topics');
  }

  private transform(batch: Batch): PipelineOutput {
    const partnerId = batch.topic.slice(this.topics.inboundPrefix.length);
    const standing = this.directory.standing(partnerId);
    const outcome = admitInboundBatch(
      {
        topic: batch.topic,
        partition: batch.partition,
        partnerId,
        records: batch.messages,
        ...(standing.active ? {} : { partnerRefusal: standing.reason }),
      },
      this.registry,
      this.dedupe,
    );
    if (!standing.active)
      this.logger.warn(
        {
          topic: batch.topic,
          partition: batch.partition,
          records: batch.messages.length,
          reason: standing.reason,
        },
        'inbound records refused: the partner may not publish now',
      );
    this.pending.set(batch, outcome);
    // Batches of other partitions may share this one's transaction (group commit)
    // and are decided before it commits: they must see these pairs as taken now.
    // An aborted transaction gives them back (see aborted()).
    const now = Date.now();
    for (const key of outcome.remember) this.dedupe.remember(key, now);
    return [
      { topic: this.topics.events, messages: outcome.accepted },
      { topic: this.topics.rejections(partnerId), messages: outcome.rejections },
      { topic: this.topics.intakeDedupe, messages: outcome.admittedKeys },
    ].filter((output) => output.messages.length > 0);
  }

  private aborted(batch: Batch): void {
    const outcome = this.pending.get(batch);
    if (!outcome) return;
    for (const key of outcome.remember) this.dedupe.forget(key);
    this.pending.delete(batch);
  }

  private committed(batch: Batch): void {
    const outcome = this.pending.get(batch);
    if (!outcome) return;
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
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.refreshing;
    await this.pipeline?.stop();
    await this.changelog.stop();
    await this.directory.stop();
  }
}
