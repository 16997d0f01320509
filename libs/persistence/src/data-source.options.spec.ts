import type { MigrationInterface, QueryRunner } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS_TABLE, type PersistenceOptions } from './data-source.options';

class CreateThings1700000000000 implements MigrationInterface {
  async up(_queryRunner: QueryRunner): Promise<void> {}
  async down(_queryRunner: QueryRunner): Promise<void> {}
}

const base: PersistenceOptions = {
  url: 'postgres://beacon:secret@127.0.0.1:5433/beacon',
  schema: 'referrals',
  migrations: [CreateThings1700000000000],
  entities: [],
  applicationName: 'beacon-referrals',
};

describe('buildDataSourceOptions', () => {
  it('given an app schema, then it targets postgres at the URL with that schema', () => {
    const options = buildDataSourceOptions(base);

    expect(options).toMatchObject({
      type: 'postgres',
      url: base.url,
      schema: 'referrals',
      applicationName: 'beacon-referrals',
      migrations: [CreateThings1700000000000],
      entities: [],
    });
  });

  it('never synchronizes, drops or runs migrations on its own', () => {
    const options = buildDataSourceOptions(base);

    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
    expect(options.dropSchema).toBe(false);
  });

  it('keeps the migrations table in the app schema and migrates in one transaction', () => {
    const options = buildDataSourceOptions(base);

    expect(options.migrationsTableName).toBe(MIGRATIONS_TABLE);
    expect(options.schema).toBe('referrals');
    expect(options.migrationsTransactionMode).toBe('all');
  });

  it('sets search_path to the app schema alone on every connection', () => {
    const options = buildDataSourceOptions({ ...base, schema: 't_0a1b2c3d' });

    expect(options.extra).toEqual({ options: '-c search_path=t_0a1b2c3d' });
  });

  it('installs no extension by itself and generates UUIDs with the built-in function', () => {
    const options = buildDataSourceOptions(base);

    expect(options.installExtensions).toBe(false);
    expect(options.uuidExtension).toBe('pgcrypto');
  });

  it('given no migrations or entities, then both are empty lists', () => {
    const options = buildDataSourceOptions({
      url: base.url,
      schema: 'audit',
      applicationName: 'beacon-audit',
    });

    expect(options.migrations).toEqual([]);
    expect(options.entities).toEqual([]);
  });

  it('given a schema name that could inject SQL or options, then it refuses to build', () => {
    expect(() => buildDataSourceOptions({ ...base, schema: 'audit -c role=postgres' })).toThrow(
      'invalid schema name',
    );
  });
});
