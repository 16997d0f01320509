import type { MigrationInterface } from 'typeorm';
import { CreateDisclosureLedger1795600000000 } from './1795600000000-create-disclosure-ledger.migration';

/**
 * beacon-redaction's migrations, in order. The runner creates the app's
 * schema and its migrations table at start; each table arrives with the
 * feature that owns it.
 */
export const redactionMigrations: (new () => MigrationInterface)[] = [CreateDisclosureLedger1795600000000];
