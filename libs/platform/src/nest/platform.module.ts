import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { readAppSettings } from '../app-settings';
import { HealthController } from './health.controller';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';

/**
 * What every Beacon app has: validated settings, JSON logs with the app's
 * name on every line, and a health endpoint that checks its dependencies.
 */
@Module({})
export class PlatformModule {
  static forApp(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: (raw) => readAppSettings(options.spec, raw as Record<string, string | undefined>),
        }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            pinoHttp: {
              level: config.get<string>('LOG_LEVEL') ?? 'info',
              base: { app: options.name, pid: process.pid },
              redact: ['req.headers.authorization', 'req.headers.cookie'],
              autoLogging: { ignore: (req) => req.url === '/health' },
              customProps: (req) => ({ correlationId: req.headers['x-correlation-id'] }),
            },
          }),
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: PLATFORM_OPTIONS, useValue: options }],
      exports: [PLATFORM_OPTIONS],
    };
  }
}
