import type { MigrationInterface } from 'typeorm';
import { CreateAuditTrail1795600000000 } from './1795600000000-create-audit-trail.migration';
import { IndexAuditRecordsForAuditors1795700000000 } from './1795700000000-index-audit-records-for-auditors.migration';
import { KeepAuditRowsUncompressed1795800000000 } from './1795800000000-keep-audit-rows-uncompressed.migration';

/**
 * beacon-audit's migrations, in order. The runner creates the app's schema
 * and its migrations table at start; each table arrives with the feature
 * that owns it.
 */
export const auditMigrations: (new () => MigrationInterface)[] = [
  CreateAuditTrail1795600000000,
  IndexAuditRecordsForAuditors1795700000000,
  KeepAuditRowsUncompressed1795800000000,
];
