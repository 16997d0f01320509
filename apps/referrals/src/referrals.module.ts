import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { referralsMigrations } from './database/migrations';
import { ReferralModule } from './referral/referral.module';
import { referralsSettings } from './referrals.settings';

/** beacon-referrals: see docs/architecture.md for its place in the flow. */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'referrals', spec: referralsSettings, usesPostgres: true }),
    MessagingModule.forApp('referrals'),
    PersistenceModule.forRootAsync({ schema: 'referrals', migrations: referralsMigrations, entities: [] }),
    CqrsModule.forRoot(),
    ReferralModule,
  ],
})
export class ReferralsModule {}
