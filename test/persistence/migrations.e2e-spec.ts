/**
 * The migrations runner and PersistenceModule against the run's real
 * Postgres. Each test migrates its own fresh schema (t_<random>), and every
 * schema is dropped at the end.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@nestjs/config';
import {
  Column,
  DataSource,
  Entity,
  PrimaryGeneratedColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { PersistenceModule, runMigrations } from '@beacon/persistence';

/**
 * DATABASE_URL names the database. `npm test` describes its stack in the file
 * BEACON_TEST_STACK names instead, so its databaseUrl is the fallback.
 */
function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const stackFile = process.env.BEACON_TEST_STACK;
  const fromStack = stackFile
    ? (JSON.parse(readFileSync(stackFile, 'utf8')) as { databaseUrl?: string }).databaseUrl
    : undefined;
  if (fromStack) return fromStack;
  throw new Error(
    'DATABASE_URL is not set: run this suite through `npm test`, which starts an embedded Postgres, or start one ' +
      'with `npx tsx scripts/postgres.ts start --data-dir .beacon/dev-postgres --fresh` and export the ' +
      'databaseUrl it prints as DATABASE_URL',
  );
}

class CreateWidgets1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // Unqualified on purpose: search_path must put it in the app's schema.
    await queryRunner.query(
      'CREATE TABLE widgets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

class AddWidgetColour1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE widgets ADD COLUMN colour text NOT NULL DEFAULT 'grey'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE widgets DROP COLUMN colour');
  }
}

class BreakHalfway1700000000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE gadgets (id int PRIMARY KEY)');
    await queryRunner.query('SELECT no_such_function()');
  }

  async down(): Promise<void> {}
}

@Entity({ name: 'widgets' })
class Widget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  colour!: string;
}

describe('persistence against Postgres', () => {
  let url: string;
  let client: Client;
  const schemas: string[] = [];

  /** A fresh schema name, dropped after the suite. */
  function newSchema(): string {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  }

  async function tableExists(schema: string, table: string): Promise<boolean> {
    const result = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      `"${schema}"."${table}"`,
    ]);
    return result.rows[0].found !== null;
  }

  async function recordedMigrations(schema: string): Promise<string[]> {
    const result = await client.query<{ name: string }>(
      `SELECT name FROM "${schema}".migrations ORDER BY id`,
    );
    return result.rows.map((row) => row.name);
  }

  beforeAll(async () => {
    url = databaseUrl();
    client = new Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    if (!client) return;
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const left = await client.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas]);
    await client.end();
    expect(left.rows).toEqual([]);
  });

  it('given a new schema, when migrated, then the schema, the table and the migrations record are all inside it', async () => {
    const schema = newSchema();

    const applied = await runMigrations({
      url,
      schema,
      migrations: [CreateWidgets1700000000001],
      applicationName: 'beacon-e2e',
    });

    expect(applied).toEqual(['CreateWidgets1700000000001']);
    expect(await tableExists(schema, 'widgets')).toBe(true);
    expect(await tableExists('public', 'widgets')).toBe(false);
    expect(await recordedMigrations(schema)).toEqual(['CreateWidgets1700000000001']);
  });

  it('given a migrated schema, when migrated again, then nothing is applied; a new migration alone is applied next', async () => {
    const schema = newSchema();
    const options = { url, schema, applicationName: 'beacon-e2e' };
    await runMigrations({ ...options, migrations: [CreateWidgets1700000000001] });

    const again = await runMigrations({ ...options, migrations: [CreateWidgets1700000000001] });
    const next = await runMigrations({
      ...options,
      migrations: [CreateWidgets1700000000001, AddWidgetColour1700000000002],
    });

    expect(again).toEqual([]);
    expect(next).toEqual(['AddWidgetColour1700000000002']);
    expect(await recordedMigrations(schema)).toEqual([
      'CreateWidgets1700000000001',
      'AddWidgetColour1700000000002',
    ]);
  });

  it('given a migration that fails, when migrating, then every migration of the run is rolled back', async () => {
    const schema = newSchema();

    await expect(
      runMigrations({
        url,
        schema,
        migrations: [CreateWidgets1700000000001, BreakHalfway1700000000003],
        applicationName: 'beacon-e2e',
      }),
    ).rejects.toThrow('no_such_function');

    expect(await tableExists(schema, 'widgets')).toBe(false);
    expect(await tableExists(schema, 'gadgets')).toBe(false);
  });

  it('given several instances starting at once, when they migrate, then exactly one applies each migration', async () => {
    const schema = newSchema();
    const options = { url, schema, migrations: [CreateWidgets1700000000001], applicationName: 'beacon-e2e' };

    const results = await Promise.all([
      runMigrations(options),
      runMigrations(options),
      runMigrations(options),
    ]);

    expect(results.flat()).toEqual(['CreateWidgets1700000000001']);
    expect(await recordedMigrations(schema)).toEqual(['CreateWidgets1700000000001']);
  });

  it('given PersistenceModule with DATABASE_SCHEMA, when the app starts, then it has migrated and serves TypeORM in that schema', async () => {
    const schema = newSchema();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ DATABASE_URL: url, DATABASE_SCHEMA: schema })],
        }),
        PersistenceModule.forRootAsync({
          schema: 'referrals',
          migrations: [CreateWidgets1700000000001, AddWidgetColour1700000000002],
          entities: [Widget],
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const dataSource = app.get(DataSource);
      expect(await recordedMigrations(schema)).toEqual([
        'CreateWidgets1700000000001',
        'AddWidgetColour1700000000002',
      ]);

      const saved = await dataSource.getRepository(Widget).save({ name: 'sprocket', colour: 'red' });
      const [row] = await dataSource.query(
        "SELECT current_setting('search_path') AS path, current_setting('application_name') AS app",
      );

      expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await client.query(`SELECT name FROM "${schema}".widgets`).then((r) => r.rows)).toEqual([
        { name: 'sprocket' },
      ]);
      expect(row).toEqual({ path: schema, app: 'beacon-referrals' });
      expect(await tableExists('referrals', 'widgets')).toBe(false);
    } finally {
      await app.close();
    }
  });
});
