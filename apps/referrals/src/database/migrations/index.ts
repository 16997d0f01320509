import type { MigrationInterface } from 'typeorm';
import { CreateOutbox1795600000000 } from './1795600000000-create-outbox.migration';
import { CreateReferralTables1795600000001 } from './1795600000001-create-referral-tables.migration';
import { AddAcceptEscalation1795600000002 } from './1795600000002-add-accept-escalation.migration';

/**
 * beacon-referrals's migrations, in order. The runner creates the app's
 * schema and its migrations table at start; each table arrives with the
 * feature that owns it.
 */
export const referralsMigrations: (new () => MigrationInterface)[] = [
  CreateOutbox1795600000000,
  CreateReferralTables1795600000001,
  AddAcceptEscalation1795600000002,
];
