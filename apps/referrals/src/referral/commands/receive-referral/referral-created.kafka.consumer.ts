import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { decodeCloudEvent, ManagedConsumer, type TopicRegistry } from '@beacon/messaging';
import { KAFKA_CLIENT, TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { REFERRAL_CREATED_TYPE } from '../../referral-events';
import { ReceiveReferralCommand } from './receive-referral.command';

/**
 * Reads the canonical log (read committed, group `<ns>.referrals`) and turns
 * each `org.beacon.referral.created.v1` into a {@link ReceiveReferralCommand}.
 *
 * Offsets are committed only for messages whose handler resolved, that is
 * after the referral's transaction committed (kafkajs resolves a message's
 * offset when `eachMessage` returns, and commits resolved offsets only).
 * A crash in between brings the message again — at least once — and the
 * unique created-event id makes the second pass a no-op.
 */
@Injectable()
export class ReferralCreatedKafkaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: ManagedConsumer;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_REGISTRY) topics: TopicRegistry,
    private readonly commandBus: CommandBus,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('referrals');
    this.consumer = new ManagedConsumer(kafka, {
      groupId: topics.consumerGroup('referrals'),
      topics: [topics.events],
      readCommitted: true,
      eachMessage: async ({ message, partition }) => this.handle(message, partition),
      onFatal: (error) => {
        this.logger.fatal(
          { err: error },
          'the referrals consumer stopped for good; exiting so a supervisor restarts it',
        );
        process.kill(process.pid, 'SIGTERM');
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  // Before the shutdown hooks, so the message in hand finishes while the database is still open.
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async handle(message: KafkaMessage, partition: number): Promise<void> {
    // Cheap filter first: most of the canonical log is not for this service.
    const type = message.headers?.ce_type?.toString();
    if (type !== REFERRAL_CREATED_TYPE) return;
    const decoded = decodeCloudEvent(message);
    if (!decoded.ok) {
      // A record nobody can read must not stop every referral behind it; it is logged and passed.
      this.logger.error(
        { partition, offset: message.offset, errors: decoded.errors },
        'skipping a referral.created that is not a CloudEvent',
      );
      return;
    }
    // A database failure throws here: kafkajs retries the message and commits nothing past it.
    const result = await this.commandBus.execute(new ReceiveReferralCommand(decoded.event));
    const context = { eventId: decoded.event.id, partition, offset: message.offset };
    switch (result.kind) {
      case 'delivered':
        this.logger.info(
          { ...context, referralId: result.referralId, possibleDuplicateOf: result.possibleDuplicateOf },
          'referral delivered',
        );
        return;
      case 'already-received':
        this.logger.info(
          { ...context, referralId: result.referralId },
          'referral already received; nothing to do',
        );
        return;
      case 'invalid':
        this.logger.error(
          { ...context, reasons: result.reasons },
          'skipping a referral.created whose data is not valid',
        );
        return;
      default: {
        const unknown: never = result;
        throw new Error(`unknown result ${JSON.stringify(unknown)}`);
      }
    }
  }
}
