import type { DataSourceOptions } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { assertSchemaName } from './schema-name';

/** Where an app keeps its state: its own schema in the shared Postgres. */
export interface PersistenceOptions {
  /** A postgres:// or postgresql:// URL. */
  url: string;
  /** The app's schema (`referrals`, `audit`, …); tests use a unique one per suite. */
  schema: string;
  /** Migration classes, in order. */
  migrations?: DataSourceOptions['migrations'];
  entities?: DataSourceOptions['entities'];
  /** Shown in pg_stat_activity, so a connection can be traced to its app. */
  applicationName: string;
}

/** The migrations table's name; it lives in the app's schema, beside the tables it describes. */
export const MIGRATIONS_TABLE = 'migrations';

/**
 * TypeORM options for one app's schema.
 *
 * `synchronize` and `migrationsRun` are always off: the schema changes only
 * through migrations, run explicitly by {@link runMigrations}. Every
 * connection starts with `search_path` set to the app's schema alone, so
 * unqualified names in migrations and queries resolve there and nowhere
 * else. TypeORM never installs extensions by itself (installing one lands in
 * the first schema on the path, where other apps would not see it; a
 * migration that needs one says so), and generated UUIDs use the built-in
 * gen_random_uuid() rather than the uuid-ossp extension.
 *
 * @throws when the schema name is not acceptable (see {@link assertSchemaName}).
 */
export function buildDataSourceOptions(options: PersistenceOptions): PostgresConnectionOptions {
  const schema = assertSchemaName(options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema,
    applicationName: options.applicationName,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    // Handed to pg as the startup packet's `options`; the name is validated, so it needs no escaping.
    extra: { options: `-c search_path=${schema}` },
  };
}
