import { RELATIONSHIP_READER_ROLE, type TableGrant } from '@beacon/persistence';
import type { MigrationInterface } from 'typeorm';
import { CreateDisclosureLedger1795600000000 } from './1795600000000-create-disclosure-ledger.migration';
import { CreateSubjectRelationships1795900000000 } from './1795900000000-create-subject-relationships.migration';

/**
 * beacon-redaction's migrations, in order. The runner creates the app's
 * schema and its migrations table at start; each table arrives with the
 * feature that owns it.
 */
export const redactionMigrations: (new () => MigrationInterface)[] = [
  CreateDisclosureLedger1795600000000,
  CreateSubjectRelationships1795900000000,
];

/** What the redaction schema grants others: the gateway reads subject relationships, nothing else. */
export const redactionGrants: readonly TableGrant[] = [
  { to: RELATIONSHIP_READER_ROLE, tables: ['subject_relationships'], privileges: ['SELECT'] },
];
