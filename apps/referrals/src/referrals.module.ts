import { Module } from '@nestjs/common';
import { MessagingModule } from '@beacon/messaging/nest';
import { PersistenceModule } from '@beacon/persistence';
import { PlatformModule } from '@beacon/platform/nest';
import { referralsMigrations } from './database/migrations';
import { referralsSettings } from './referrals.settings';

/** beacon-referrals: see docs/architecture.md for its place in the flow. */
@Module({
  imports: [
    PlatformModule.forApp({ name: 'referrals', spec: referralsSettings, usesPostgres: true }),
    MessagingModule.forApp('referrals'),
    PersistenceModule.forRootAsync({ schema: 'referrals', migrations: referralsMigrations, entities: [] }),
  ],
})
export class ReferralsModule {}
