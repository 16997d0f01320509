import { DataSource } from 'typeorm';
import { buildDataSourceOptions, type PersistenceOptions } from './data-source.options';
import { assertSchemaName, quoteIdentifier } from './schema-name';
import { databaseUser, grantStatements, type TableGrant } from './table-grants';

export interface RunMigrationsOptions extends PersistenceOptions {
  /** Granted by the migrating role once the migrations ran (see {@link TableGrant}). */
  grants?: readonly TableGrant[];
  /** The URL the app itself connects with, when it differs from `url` (the migrating role's); names the `runtime` grantee. */
  runtimeUrl?: string;
}

/**
 * First key of the advisory lock taken while migrating; the second is the
 * schema name's hash. An arbitrary constant ("BCN1") that keeps this lock
 * apart from any other advisory lock an app might take.
 */
const MIGRATION_LOCK_NAMESPACE = 0x42434e31;

/**
 * Creates the app's schema if it is missing, then applies its pending
 * migrations there, all in one transaction. Returns the names of the
 * migrations applied, in order; an up-to-date schema gives `[]`.
 *
 * Several instances of an app may start at once (scale-out is more instances
 * in the same consumer group): a session-level advisory lock per schema lets
 * one migrate while the others wait, then find nothing left to do.
 *
 * @throws when the schema name is not acceptable, the database cannot be
 *   reached, or a migration fails (its transaction is rolled back).
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<string[]> {
  const schema = assertSchemaName(options.schema);
  const dataSource = new DataSource(buildDataSourceOptions(options));
  await dataSource.initialize();
  try {
    return await migrateUnderLock(dataSource, schema, options);
  } finally {
    await dataSource.destroy();
  }
}

async function migrateUnderLock(
  dataSource: DataSource,
  schema: string,
  options: RunMigrationsOptions,
): Promise<string[]> {
  // The lock is held by this connection's session while the migrations run on another from the pool.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_NAMESPACE, schema]);
    try {
      await lock.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      await applyGrants(lock, schema, options);
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_NAMESPACE, schema]);
    }
  } finally {
    await lock.release();
  }
}

async function applyGrants(
  runner: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  schema: string,
  options: RunMigrationsOptions,
): Promise<void> {
  const migrator = databaseUser(options.url);
  const runtime = options.runtimeUrl === undefined ? migrator : databaseUser(options.runtimeUrl);
  for (const grant of options.grants ?? []) {
    const role = grant.to === 'runtime' ? runtime : grant.to;
    // Runtime grants only matter when the app runs as another role than its schema's owner.
    if (role === migrator) continue;
    const exists = (await runner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])) as unknown[];
    if (exists.length === 0) continue;
    for (const statement of grantStatements(schema, role, grant)) await runner.query(statement);
  }
}
