import { Global, Inject, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import {
  createKafka,
  parseBrokerList,
  type KafkaConnectionConfig,
  type SaslMechanism,
} from '../kafka-config';
import { topicsFor } from '../topics';
import { KafkaHealthIndicator } from './kafka.health';
import { KAFKA_ADMIN, KAFKA_CLIENT, TOPIC_REGISTRY } from './messaging.tokens';

/** Reads the Kafka settings that every app shares from validated config. */
export function kafkaConnectionFromConfig(
  config: ConfigService,
  defaultClientId: string,
): KafkaConnectionConfig {
  const mechanism = config.get<string>('KAFKA_SASL_MECHANISM');
  return {
    brokers: parseBrokerList(config.getOrThrow<string>('KAFKA_BROKERS')),
    clientId: config.get<string>('KAFKA_CLIENT_ID') ?? defaultClientId,
    // Settings are validated before this runs: KAFKA_SSL defaults to true.
    tls:
      config.get<boolean>('KAFKA_SSL') === false
        ? false
        : { caFile: config.get<string>('KAFKA_SSL_CA_FILE') ?? undefined },
    sasl: mechanism
      ? {
          mechanism: mechanism as SaslMechanism,
          username: config.getOrThrow<string>('KAFKA_SASL_USERNAME'),
          password: config.getOrThrow<string>('KAFKA_SASL_PASSWORD'),
        }
      : undefined,
  };
}

@Global()
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_ADMIN) private readonly admin: Admin) {}

  /** Provides the app's kafkajs client, an admin for health checks and the topic registry. */
  static forApp(app: string): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule],
      providers: [
        {
          provide: KAFKA_CLIENT,
          inject: [ConfigService, PinoLogger],
          useFactory: (config: ConfigService, logger: PinoLogger): Kafka => {
            logger.setContext('kafka');
            return createKafka(kafkaConnectionFromConfig(config, `beacon-${app}`), (level, message, extra) =>
              logger[level](extra, message),
            );
          },
        },
        {
          provide: KAFKA_ADMIN,
          inject: [KAFKA_CLIENT],
          useFactory: async (kafka: Kafka): Promise<Admin> => {
            const admin = kafka.admin();
            await admin.connect();
            return admin;
          },
        },
        {
          provide: TOPIC_REGISTRY,
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            topicsFor(config.get<string>('BEACON_TOPIC_NAMESPACE') ?? 'beacon'),
        },
        KafkaHealthIndicator,
      ],
      exports: [KAFKA_CLIENT, KAFKA_ADMIN, TOPIC_REGISTRY, KafkaHealthIndicator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
