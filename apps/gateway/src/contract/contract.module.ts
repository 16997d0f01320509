import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { loadExamples, SchemaRegistry } from '@beacon/contracts';
import { parseBrokerList, type TopicRegistry } from '@beacon/messaging';
import { TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { renderGatewayAsyncApi } from './asyncapi-document';
import { AsyncApiHttpController } from './asyncapi.http.controller';
import { ASYNCAPI_YAML } from './contract.di-tokens';

/** The published contracts: the AsyncAPI document of the event topics (OpenAPI is set up in main.ts). */
@Module({
  controllers: [AsyncApiHttpController],
  providers: [
    {
      provide: ASYNCAPI_YAML,
      inject: [TOPIC_REGISTRY, ConfigService],
      // Built once at start: the schemas do not change while the process runs,
      // and a contract that cannot be built should stop the start, not a request.
      useFactory: (topics: TopicRegistry, config: ConfigService): string =>
        renderGatewayAsyncApi({
          registry: SchemaRegistry.load(),
          topics,
          brokers: parseBrokerList(config.getOrThrow<string>('KAFKA_BROKERS')),
          tls: config.get<boolean>('KAFKA_SSL') !== false,
          examples: loadExamples(),
        }),
    },
  ],
})
export class ContractModule {}
