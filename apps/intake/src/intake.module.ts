import { Module } from '@nestjs/common';
import { MessagingModule } from '@beacon/messaging/nest';
import { PlatformModule } from '@beacon/platform/nest';
import { InboundIntakeService } from './admission/inbound-intake.service';
import { intakeSettings } from './intake.settings';

/**
 * beacon-intake: validates and normalises what partners publish to their
 * inbound topics. It keeps no state in Postgres, so its health check asks
 * Kafka only.
 */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'intake', spec: intakeSettings, usesPostgres: false }),
    MessagingModule.forApp('intake'),
  ],
  providers: [InboundIntakeService],
})
export class IntakeModule {}
