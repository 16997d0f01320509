import { CONSENT_READER_ROLE, type TableGrant } from '@beacon/persistence';
import type { MigrationInterface } from 'typeorm';
import { CreateOutbox1795590000000 } from './1795590000000-create-outbox.migration';
import { CreateConsentTables1795590000001 } from './1795590000001-create-consent-tables.migration';
import { CreateBreakGlassGrants1795590000003 } from './1795590000003-create-break-glass-grants.migration';
import { CreateInboxTables1795610000000 } from './1795610000000-create-inbox-tables.migration';
import { ConsentConfirmationAndFlags1795900000000 } from './1795900000000-consent-confirmation-and-flags.migration';
import { CreateInboxRetractions1795900000001 } from './1795900000001-create-inbox-retractions.migration';

/**
 * beacon-gateway's migrations, in order. The runner creates the app's schema
 * and its migrations table at start; each table arrives with the feature
 * that owns it.
 */
export const gatewayMigrations: (new () => MigrationInterface)[] = [
  CreateOutbox1795590000000,
  CreateConsentTables1795590000001,
  CreateBreakGlassGrants1795590000003,
  CreateInboxTables1795610000000,
  ConsentConfirmationAndFlags1795900000000,
  CreateInboxRetractions1795900000001,
];

/**
 * What the gateway's schema grants others: the services that decide with the
 * sector policy (redaction, referrals) read consents and break-glass grants,
 * nothing else.
 */
export const gatewayGrants: readonly TableGrant[] = [
  {
    to: CONSENT_READER_ROLE,
    tables: ['consents', 'consent_revocations', 'break_glass_grants'],
    privileges: ['SELECT'],
  },
];
