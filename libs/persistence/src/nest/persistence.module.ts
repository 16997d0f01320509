import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions, type PersistenceOptions } from '../data-source.options';
import { runMigrations } from '../migrations-runner';

export interface PersistenceModuleOptions {
  /** The app's schema; the DATABASE_SCHEMA setting overrides it (end-to-end suites use a unique one). */
  schema: string;
  migrations: PersistenceOptions['migrations'];
  entities: PersistenceOptions['entities'];
  /** Shown in pg_stat_activity; defaults to `beacon-<schema>`, the schema named here. */
  applicationName?: string;
}

/**
 * TypeORM for one app: reads DATABASE_URL (and DATABASE_SCHEMA, if set) from
 * ConfigService, applies the app's migrations, and only then creates the
 * DataSource. Nest resolves providers before `listen()`, so an app never
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
            await runMigrations(resolved);
            return buildDataSourceOptions(resolved);
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
): PersistenceOptions {
  const url = config.get<string>('DATABASE_URL');
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: it names the Postgres database, e.g. postgres://user:password@host:port/beacon',
    );
  }
  const schema = config.get<string>('DATABASE_SCHEMA') || options.schema;
  return {
    url,
    schema,
    migrations: options.migrations,
    entities: options.entities,
    applicationName: options.applicationName ?? `beacon-${options.schema}`,
  };
}
