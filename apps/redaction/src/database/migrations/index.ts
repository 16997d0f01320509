import type { MigrationInterface } from 'typeorm';

/**
 * beacon-redaction's migrations, in order. The list starts empty: the runner still
 * creates the app's schema and its migrations table at start, and each table
 * arrives with the feature that owns it.
 */
export const redactionMigrations: (new () => MigrationInterface)[] = [];
