import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchemaRegistry } from '@beacon/contracts';
import { ACCESS_LOG_SETTINGS, ACCESS_RECORD_WRITER, type AccessLogSettings } from './access-log.di-tokens';
import { RecordAccessHandler } from './commands/record-access/record-access.handler';
import { RecordAccessHttpMiddleware } from './commands/record-access/record-access.http.middleware';
import { KafkaAccessRecordWriter } from './kafka/kafka-access-record-writer.adapter';

/**
 * The gateway's access log: every request to a protected route (see
 * `protected-routes.ts`) leaves an `org.beacon.access.recorded.v1` record on
 * the audit topic, acknowledged before its answer leaves; see
 * docs/access-audit.md. Needs, from the root module: the CQRS buses, the
 * messaging edge and ConfigService.
 */
@Module({
  providers: [
    RecordAccessHandler,
    RecordAccessHttpMiddleware,
    { provide: ACCESS_RECORD_WRITER, useClass: KafkaAccessRecordWriter },
    {
      provide: ACCESS_LOG_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): AccessLogSettings => ({
        writeTimeoutMs: Number(config.get('ACCESS_LOG_WRITE_TIMEOUT_MS') ?? 5_000),
      }),
    },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class AccessLogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RecordAccessHttpMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
