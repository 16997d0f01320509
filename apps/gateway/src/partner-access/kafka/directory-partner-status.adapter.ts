import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PartnerDirectory, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import type { Admin, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { PartnerStatusWatch } from '../ports/partner-status-watch.port';

/**
 * The partners' standing as the gateway's own copy of the partner directory
 * (the compacted directory topic, followed live) says: a `beacon partner
 * suspend` or `remove` reaches it within about a second, and every request
 * after that is refused. Kept in memory, so the check costs a map lookup.
 *
 * It is loaded before the gateway takes requests (Nest runs this before it
 * listens); a directory it could not read to the end leaves unknown partners
 * refused, never let through.
 */
@Injectable()
export class DirectoryPartnerStatus implements PartnerStatusWatch, OnModuleInit, OnApplicationShutdown {
  private readonly directory: PartnerDirectory;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_ADMIN) admin: Admin,
    @Inject(TOPIC_REGISTRY) topics: TopicRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('partner-directory');
    // A group of this process's own: the follower never commits and must see
    // every partition, which a group shared by gateway instances would split.
    const group = `${topics.consumerGroup('gateway')}.directory-${randomBytes(6).toString('hex')}`;
    this.directory = new PartnerDirectory(kafka, admin, topics.partners, group);
  }

  async onModuleInit(): Promise<void> {
    const loaded = await this.directory.start();
    const counts = Object.fromEntries(
      ['active', 'suspended', 'removed'].map((s) => [
        s,
        this.directory.all().filter((p) => p.status === s).length,
      ]),
    );
    if (loaded.caughtUp) this.logger.info({ ...loaded, ...counts }, 'partner directory loaded');
    else
      this.logger.warn(
        { ...loaded, ...counts },
        'the partner directory was not read to its end; partners not yet read are refused until it is',
      );
  }

  refusalFor(partnerId: string): string | undefined {
    const standing = this.directory.standing(partnerId);
    return standing.active ? undefined : standing.reason;
  }

  onChange(onChange: (partnerId: string) => void): () => void {
    return this.directory.onChange(onChange);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.directory.stop();
  }
}
