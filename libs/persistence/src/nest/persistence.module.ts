import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions, type PersistenceOptions } from '../data-source.options';
import { runMigrations, type RunMigrationsOptions } from '../migrations-runner';
import type { TableGrant } from '../table-grants';

export interface PersistenceModuleOptions {
  /** The app's schema; the DATABASE_SCHEMA setting overrides it (end-to-end suites use a unique one). */
  schema: string;
  migrations: PersistenceOptions['migrations'];
  entities: PersistenceOptions['entities'];
  /** Shown in pg_stat_activity; defaults to `beacon-<schema>`, the schema named here. */
  applicationName?: string;
  /**
   * What the schema's owner grants other roles after migrating: the app's own
   * runtime role when DATABASE_MIGRATION_URL names another, or a reader role.
   */
  grants?: readonly TableGrant[];
}

/**
 * TypeORM for one app: reads DATABASE_URL (and DATABASE_SCHEMA, if set) from
 * ConfigService, applies the app's migrations — as the role of
 * DATABASE_MIGRATION_URL when set, which owns the schema and then grants the
 * app's own role what `grants` lists — and only then creates the
 * DataSource, connected as DATABASE_URL's role. Nest resolves providers before `listen()`, so an app never
 * serves against a schema that is behind its code, and a failing migration
 * stops the start with its error.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: async (config: ConfigService) => {
            const resolved = resolvePersistenceOptions(options, config);
            // Migrations (and grants) as the schema's owner; the app then serves as its own role.
            await runMigrations(resolved.migration);
            return buildDataSourceOptions(resolved.runtime);
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

function resolvePersistenceOptions(
  options: PersistenceModuleOptions,
  config: ConfigService,
): { runtime: PersistenceOptions; migration: RunMigrationsOptions } {
  const url = config.get<string>('DATABASE_URL');
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: it names the Postgres database, e.g. postgres://user:password@host:port/beacon',
    );
  }
  const schema = config.get<string>('DATABASE_SCHEMA') || options.schema;
  const runtime: PersistenceOptions = {
    url,
    schema,
    migrations: options.migrations,
    entities: options.entities,
    applicationName: options.applicationName ?? `beacon-${options.schema}`,
  };
  const migrationUrl = config.get<string>('DATABASE_MIGRATION_URL') || url;
  return {
    runtime,
    migration: {
      ...runtime,
      url: migrationUrl,
      applicationName: `${runtime.applicationName}-migrations`,
      grants: options.grants ?? [],
      runtimeUrl: url,
    },
  };
}
