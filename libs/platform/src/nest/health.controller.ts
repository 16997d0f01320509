import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { Public } from '@beacon/auth';
import { KafkaHealthIndicator } from '@beacon/messaging/nest';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';

/** Liveness and readiness in one: answers 200 only when every dependency answers. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly postgres: TypeOrmHealthIndicator,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.kafka.isHealthy('kafka')];
    if (this.options.usesPostgres) checks.push(() => this.postgres.pingCheck('postgres', { timeout: 3_000 }));
    return this.health.check(checks);
  }
}
