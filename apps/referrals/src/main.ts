import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { ReferralsModule } from './referrals.module';
import { referralsSettings } from './referrals.settings';

void bootstrapApp({ name: 'referrals', spec: referralsSettings, module: ReferralsModule });
