import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@beacon/auth';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { referralsMigrations } from './database/migrations';
import { ReferralModule } from './referral/referral.module';
import { referralsSettings } from './referrals.settings';

/** beacon-referrals: see docs/architecture.md for its place in the flow, docs/referrals.md for its API. */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'referrals', spec: referralsSettings, usesPostgres: true }),
    MessagingModule.forApp('referrals'),
    PersistenceModule.forRootAsync({ schema: 'referrals', migrations: referralsMigrations, entities: [] }),
    // Every route needs a verified bearer token, except the public health check.
    AuthModule.fromSettings(),
    CqrsModule.forRoot(),
    ReferralModule,
  ],
})
export class ReferralsModule {}
