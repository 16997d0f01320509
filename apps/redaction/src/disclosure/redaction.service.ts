import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { SchemaRegistry } from '@beacon/contracts';
import {
  decodeCloudEvent,
  PartnerDirectory,
  TransactionalPipeline,
  type CloudEvent,
  type PipelineOutput,
  type TopicRegistry,
} from '@beacon/messaging';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { ConsentRecordsReader } from '@beacon/persistence';
import {
  compilePolicyFile,
  consentFromRecords,
  hashKeysFromSecret,
  type CompiledCategoryMap,
  type CompiledPolicy,
  type Consent,
  type HashKeySource,
} from '@beacon/policy';
import type { Admin, Batch, Kafka, Message } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { BreakGlassGrantRepository } from '../break-glass/break-glass-grant.repository';
import { breakGlassInForce } from '../break-glass/break-glass-grants';
import { SubjectRelationshipRepository } from '../relationship/subject-relationship.repository';
import { relationshipsOf, type SubjectRelationship } from '../relationship/subject-relationships';
import { DisclosureLedgerRepository } from '../retraction/disclosure-ledger.repository';
import { retractDisclosures, revokedConsentId } from '../retraction/retract-disclosures';
import { redactEvent, type LedgerEntry, type RedactionContext, type RedactionOutcome } from './redact-event';
import { referralPartiesOf } from './referral-parties';

/** Loads and checks the sector policy file; a bad file stops the app at start. */
export function loadPolicy(file: string): CompiledPolicy {
  return compilePolicyFile(readFileSync(file, 'utf8'), file);
}

/**
 * The consent-and-redaction service: reads the canonical log and, for each
 * batch, writes every recipient's redacted delivery and its disclosure record
 * to Kafka in one transaction with the consumer offsets. A crash at any point
 * leaves both or neither, and the batch is decided again.
 */
@Injectable()
export class RedactionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registry = SchemaRegistry.load();
  private readonly policy: CompiledPolicy;
  private readonly directory: PartnerDirectory;
  private readonly consents: ConsentRecordsReader;
  private readonly breakGlassGrants: BreakGlassGrantRepository;
  private readonly ledger: DisclosureLedgerRepository;
  private readonly relationships: SubjectRelationshipRepository;
  private readonly pipeline: TransactionalPipeline;
  private readonly categoryCache = new Map<string, CompiledCategoryMap>();
  /**
   * Per-recipient HMAC keys, derived so that two partners' hashes of one value
   * differ. One function for the service's life: the engine caches keys per
   * key source, so a new function per event would defeat it.
   */
  private readonly hashKeys: HashKeySource;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_ADMIN) admin: Admin,
    @Inject(TOPIC_REGISTRY) private readonly topics: TopicRegistry,
    config: ConfigService,
    dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('redaction');
    this.policy = loadPolicy(resolve(config.getOrThrow<string>('REDACTION_POLICY_FILE')));
    this.hashKeys = hashKeysFromSecret(config.getOrThrow<string>('REDACTION_HASH_SECRET'));
    this.consents = new ConsentRecordsReader(dataSource, config.getOrThrow<string>('CONSENT_SCHEMA'));
    // Break-glass grants live beside the consents, in the schema the gateway owns.
    this.breakGlassGrants = new BreakGlassGrantRepository(
      dataSource,
      config.getOrThrow<string>('CONSENT_SCHEMA'),
    );
    this.ledger = new DisclosureLedgerRepository(dataSource);
    this.relationships = new SubjectRelationshipRepository(dataSource);
    const instance = config.getOrThrow<string>('REDACTION_INSTANCE_ID');
    this.directory = new PartnerDirectory(
      kafka,
      admin,
      topics.partners,
      `${topics.consumerGroup('redaction')}.directory-${instance}`,
    );
    this.pipeline = new TransactionalPipeline(kafka, {
      groupId: topics.consumerGroup('redaction'),
      topics: [topics.events],
      transactionalId: `${topics.transactionalIdPrefix('redaction')}-${instance}`,
      transform: (batch) => this.transform(batch),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the redaction consumer stopped for good; exiting so a supervisor restarts it',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const directory = await this.directory.start();
    this.logger.info(
      { ...directory, partners: this.directory.active().length, policy: this.policy.version },
      'partner directory loaded',
    );
    await this.pipeline.start();
  }

  private async transform(batch: Batch): Promise<PipelineOutput> {
    const events: { event: CloudEvent; offset: string }[] = [];
    for (const message of batch.messages) {
      const decoded = decodeCloudEvent(message);
      if (decoded.ok) events.push({ event: decoded.event, offset: message.offset });
      else
        this.logger.error(
          { offset: message.offset, errors: decoded.errors },
          'skipping a record of the canonical log that is not a CloudEvent',
        );
    }
    // Consents and break-glass grants are read once per batch, after everything
    // before this batch was committed: a revocation or grant recorded before its
    // event reached the log is in force for every event after that one.
    const now = new Date();
    const subjects = [...new Set(events.map((e) => e.event.subject))];
    const [stored, grants] = await Promise.all([
      this.consents.forSubjects(subjects),
      this.breakGlassGrants.forSubjects(subjects, now),
    ]);
    const consents = new Map<string, Consent[]>(
      [...stored].map(([subject, records]) => [subject, records.map(consentFromRecords)]),
    );
    // One context per batch: the directory and consents as they stand now, and
    // the decision caches the engine keys on these objects.
    const context: RedactionContext = {
      registry: this.registry,
      topics: this.topics,
      policy: this.policy,
      partners: this.directory.active().map((p) => ({
        partnerId: p.id,
        sector: p.sector,
        ...(p.coverage === undefined ? {} : { coverage: p.coverage }),
      })),
      consentsFor: (subject) => consents.get(subject) ?? [],
      breakGlassFor: (subject, partnerId) =>
        breakGlassInForce(grants.get(subject.toLowerCase()) ?? [], partnerId, now.getTime()),
      hashKeys: this.hashKeys,
      now: () => now,
      categoryCache: this.categoryCache,
      routingContext: referralPartiesOf,
    };
    const byTopic = new Map<string, Message[]>();
    const records: Message[] = [];
    // Ledger entries of this batch: a revocation later in the batch must see them too.
    const ledger: LedgerEntry[] = [];
    const relationships: SubjectRelationship[] = [];
    let retractions = 0;
    for (const { event, offset } of events) {
      const position = { topic: batch.topic, partition: batch.partition, offset };
      const consentId = revokedConsentId(event);
      let outcome: RedactionOutcome;
      if (consentId === undefined) {
        outcome = redactEvent(event, position, context);
      } else {
        const recorded = await this.ledger.forConsent(consentId);
        outcome = retractDisclosures(event, position, [...recorded, ...ledger], context);
        retractions += outcome.deliveries.length;
      }
      for (const { topic, message } of outcome.deliveries) {
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
      records.push(...outcome.records);
      ledger.push(...outcome.ledger);
      relationships.push(...relationshipsOf(event, outcome.deliveredTo));
      for (const refusal of outcome.refused)
        this.logger.warn({ event: event.id, ...refusal }, 'decision refused');
    }
    // Before the Kafka transaction commits, never after: see the ledger's migration for why. The two
    // writes are independent, so they share one round trip's wait instead of taking one each.
    await Promise.all([this.ledger.record(ledger), this.relationships.record(relationships)]);
    const output: PipelineOutput = [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
    if (records.length > 0) output.push({ topic: this.topics.audit, messages: records });
    this.logger.info(
      { partition: batch.partition, events: events.length, deliveries: records.length, retractions },
      'batch redacted',
    );
    return output;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pipeline.stop();
    await this.directory.stop();
  }
}
