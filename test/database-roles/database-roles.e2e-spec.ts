/**
 * Least-privilege database roles, against the run's real Postgres: the
 * audit app runs as a role that may only append to and read its tables (the
 * schema belongs to another role, which migrated it), so UPDATE, DELETE and
 * TRUNCATE are refused by privilege before any trigger; the superuser is
 * still refused by the trigger; and a superuser who switches triggers off
 * and changes or deletes a row is caught by the audit app's verification.
 * The redaction service's role reads the gateway's consents and nothing else;
 * the gateway's role reads the redaction service's subject relationships and
 * nothing else there.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationReport } from '../../apps/audit/src/chain';
import { provisionDatabaseRoles } from '../../scripts/lib/database-roles';
import type { RunningApp } from '../../scripts/lib/stack';
import {
  auditorHeaders,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
  withDatabaseAs,
} from '../support/test-stack';
import { eventually } from '../support/eventually';

const REQUESTS = 12;

describe('database roles: the audit app may only append and read; redaction may only read consents', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let workDir: string;
  const apps: RunningApp[] = [];
  let audit: RunningApp;
  const auditSchema = () => `"${ns.namespace}_audit"`;
  const gatewaySchema = () => `"${ns.namespace}_gateway"`;
  const verify = async () =>
    (await (
      await fetch(`http://127.0.0.1:${audit.port}/v1/audit/verify`, { headers: auditorHeaders(stack) })
    ).json()) as VerificationReport;
  /** The chain with the most rows: partition and its length. */
  const longestChain = () =>
    withDatabase(stack, async (db) => {
      const { rows } = await db.query(
        `SELECT partition, count(*)::int AS n FROM ${auditSchema()}.audit_records
          GROUP BY partition ORDER BY n DESC, partition LIMIT 1`,
      );
      return rows[0] as { partition: number; n: number };
    });

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['safe-harbour']);
    workDir = mkdtempSync(join(tmpdir(), 'beacon-roles-e2e-'));
    const gateway = await startApp(stack, 'gateway', ns.namespace);
    apps.push(gateway);
    audit = await startApp(stack, 'audit', ns.namespace, {
      AUDIT_SIGNING_KEY_FILE: join(workDir, 'signing-key.pem'),
    });
    apps.push(audit);
    // Its migrations grant the gateway's role the one table of its schema the consent API reads.
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    // Access records to chain: one per read, keyed by its subject, so they spread over the partitions.
    const token = testIssuer(stack).mint(
      {
        subject: 'worker:safe-harbour:roles',
        partnerId: 'safe-harbour',
        sector: 'ngo',
        roles: ['case-worker'],
      },
      600,
    );
    for (let i = 0; i < REQUESTS; i += 1) {
      const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/subjects/${randomUUID()}/consents`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    await eventually(
      'the audit app storing every access record',
      () =>
        withDatabase(
          stack,
          async (db) =>
            (await db.query(`SELECT count(*)::int AS n FROM ${auditSchema()}.audit_records`)).rows[0]
              .n as number,
        ),
      (n) => n >= REQUESTS,
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await withDatabase(stack, async (db) => {
      for (const app of ['gateway', 'audit', 'redaction'])
        await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
    });
    await ns?.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('given the audit app’s own role, then it reads and appends but UPDATE, DELETE and TRUNCATE are refused by privilege, and it owns nothing', async () => {
    const owners = await withDatabase(
      stack,
      async (db) =>
        (
          await db.query(
            `SELECT (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = $1) AS schema_owner,
                  array_agg(DISTINCT tableowner::text) AS table_owners
             FROM pg_tables WHERE schemaname = $1`,
            [`${ns.namespace}_audit`],
          )
        ).rows[0],
    );
    expect(owners).toEqual({ schema_owner: 'beacon_audit_owner', table_owners: ['beacon_audit_owner'] });

    await withDatabaseAs(stack, 'audit', async (db) => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${auditSchema()}.audit_records`);
      expect(rows[0].n).toBeGreaterThanOrEqual(REQUESTS);
      const denied = /^permission denied for table audit_(records|checkpoints)$/;
      await expect(
        db.query(`UPDATE ${auditSchema()}.audit_records SET actor = 'someone-else'`),
      ).rejects.toThrow(denied);
      await expect(db.query(`DELETE FROM ${auditSchema()}.audit_records WHERE sequence = 1`)).rejects.toThrow(
        denied,
      );
      await expect(db.query(`TRUNCATE ${auditSchema()}.audit_records`)).rejects.toThrow(denied);
      await expect(
        db.query(`UPDATE ${auditSchema()}.audit_checkpoints SET key_id = 'forged'`),
      ).rejects.toThrow(denied);
      await expect(db.query(`DELETE FROM ${auditSchema()}.audit_checkpoints`)).rejects.toThrow(denied);
      // Nor can it take the trigger away, or make itself a table.
      await expect(
        db.query(`ALTER TABLE ${auditSchema()}.audit_records DISABLE TRIGGER audit_records_append_only`),
      ).rejects.toThrow(/must be owner of table audit_records/);
      await expect(db.query(`CREATE TABLE ${auditSchema()}.scratch (x int)`)).rejects.toThrow(
        /permission denied for schema/,
      );
    });
    // The superuser passes every privilege check, and the trigger still refuses.
    await withDatabase(stack, async (db) => {
      await expect(db.query(`DELETE FROM ${auditSchema()}.audit_records`)).rejects.toThrow(/append-only/);
    });
    expect(await verify()).toMatchObject({ ok: true, problems: 0 });
  });

  it('given a superuser with triggers off (replica mode) who changes one field of one row, then verification names exactly that row', async () => {
    const chain = await longestChain();
    expect(chain.n).toBeGreaterThanOrEqual(3);
    const target = await withDatabase(stack, async (db) => {
      await db.query("SET session_replication_role = 'replica'");
      const { rows } = await db.query(
        `UPDATE ${auditSchema()}.audit_records SET record = jsonb_set(record, '{data,reason}', '"forged"')
          WHERE partition = $1 AND sequence = 3 RETURNING partition, sequence::int, record_id`,
        [chain.partition],
      );
      return rows[0] as { partition: number; sequence: number; record_id: string };
    });
    expect(target).toBeDefined();

    const report = await verify();

    expect(report.ok).toBe(false);
    expect(report.problems).toBe(1);
    expect(report.firstBroken).toMatchObject({
      partition: target.partition,
      sequence: 3,
      recordId: target.record_id,
      code: 'hash-mismatch',
    });
  });

  it('given a superuser with the trigger disabled who deletes a row, then verification reports the missing row', async () => {
    const chain = await longestChain();
    await withDatabase(stack, async (db) => {
      await db.query(`ALTER TABLE ${auditSchema()}.audit_records DISABLE TRIGGER audit_records_append_only`);
      try {
        // Replica mode also skips the foreign key a checkpoint naming that row would hold.
        await db.query("SET session_replication_role = 'replica'");
        const { rowCount } = await db.query(
          `DELETE FROM ${auditSchema()}.audit_records WHERE partition = $1 AND sequence = 2`,
          [chain.partition],
        );
        expect(rowCount).toBe(1);
      } finally {
        await db.query("SET session_replication_role = 'origin'");
        await db.query(`ALTER TABLE ${auditSchema()}.audit_records ENABLE TRIGGER audit_records_append_only`);
      }
    });

    const report = await verify();

    expect(report.ok).toBe(false);
    expect(report.problems).toBeGreaterThanOrEqual(2);
    expect(report.firstBroken).toMatchObject({
      partition: chain.partition,
      sequence: 2,
      recordId: null,
      code: 'sequence-gap',
    });
  });

  it('given the redaction service’s role, then it reads the gateway’s consent tables and cannot change them or read anything else there', async () => {
    await withDatabaseAs(stack, 'redaction', async (db) => {
      await expect(db.query(`SELECT count(*) FROM ${gatewaySchema()}.consents`)).resolves.toMatchObject({
        rowCount: 1,
      });
      await expect(
        db.query(`SELECT count(*) FROM ${gatewaySchema()}.consent_revocations`),
      ).resolves.toMatchObject({
        rowCount: 1,
      });
      const denied = (table: string) => new RegExp(`^permission denied for table ${table}$`);
      await expect(
        db.query(`INSERT INTO ${gatewaySchema()}.consents (consent_id) VALUES ('${randomUUID()}')`),
      ).rejects.toThrow(denied('consents'));
      await expect(db.query(`UPDATE ${gatewaySchema()}.consents SET status = 'revoked'`)).rejects.toThrow(
        denied('consents'),
      );
      await expect(db.query(`DELETE FROM ${gatewaySchema()}.consent_revocations`)).rejects.toThrow(
        denied('consent_revocations'),
      );
      await expect(db.query(`SELECT * FROM ${gatewaySchema()}.outbox`)).rejects.toThrow(denied('outbox'));
      await expect(db.query(`SELECT * FROM ${gatewaySchema()}.migrations`)).rejects.toThrow(
        denied('migrations'),
      );
    });
  });

  it('given the gateway’s role, then it reads the redaction service’s subject relationships and cannot change them or read anything else there', async () => {
    const redactionSchema = `"${ns.namespace}_redaction"`;
    await withDatabaseAs(stack, 'gateway', async (db) => {
      await expect(
        db.query(`SELECT count(*) FROM ${redactionSchema}.subject_relationships`),
      ).resolves.toMatchObject({
        rowCount: 1,
      });
      const denied = (table: string) => new RegExp(`^permission denied for table ${table}$`);
      await expect(
        db.query(
          `INSERT INTO ${redactionSchema}.subject_relationships (subject_id, partner_id, kind, first_event_id)
           VALUES ('${randomUUID()}', 'safe-harbour', 'received', 'forged')`,
        ),
      ).rejects.toThrow(denied('subject_relationships'));
      await expect(db.query(`DELETE FROM ${redactionSchema}.subject_relationships`)).rejects.toThrow(
        denied('subject_relationships'),
      );
      await expect(db.query(`SELECT * FROM ${redactionSchema}.disclosure_ledger`)).rejects.toThrow(
        denied('disclosure_ledger'),
      );
    });
  });

  it('given a database made before the apps had their own roles, when the stack sets up the roles again, then each default schema and all in it pass to the role that migrates it', async () => {
    // given: the referrals schema as the one shared role left it (a table with its sequence, a view, a function)
    await withDatabase(stack, async (db) => {
      await db.query('DROP SCHEMA IF EXISTS referrals CASCADE');
      await db.query('DROP ROLE IF EXISTS beacon_legacy_owner');
      await db.query('CREATE ROLE beacon_legacy_owner NOLOGIN');
      await db.query('CREATE SCHEMA referrals AUTHORIZATION beacon_legacy_owner');
      await db.query('SET ROLE beacon_legacy_owner');
      await db.query('CREATE TABLE referrals.history (id bigserial PRIMARY KEY, note text)');
      await db.query('CREATE VIEW referrals.notes AS SELECT note FROM referrals.history');
      await db.query('CREATE FUNCTION referrals.one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
      await db.query('RESET ROLE');
    });
    try {
      // when
      await provisionDatabaseRoles(stack.databaseUrl, join(stack.runDir, 'database-roles.json'));

      // then
      const owners = await withDatabase(
        stack,
        async (db) =>
          (
            await db.query(
              `SELECT 'schema' AS what, nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'referrals'
             UNION ALL SELECT relname, relowner::regrole::text FROM pg_class WHERE relnamespace = 'referrals'::regnamespace AND relkind IN ('r', 'v', 'S')
             UNION ALL SELECT proname, proowner::regrole::text FROM pg_proc WHERE pronamespace = 'referrals'::regnamespace
             ORDER BY 1`,
            )
          ).rows,
      );
      expect(owners).toEqual([
        { what: 'history', owner: 'beacon_referrals' },
        { what: 'history_id_seq', owner: 'beacon_referrals' },
        { what: 'notes', owner: 'beacon_referrals' },
        { what: 'one', owner: 'beacon_referrals' },
        { what: 'schema', owner: 'beacon_referrals' },
      ]);
      await withDatabaseAs(stack, 'referrals', async (db) => {
        await expect(
          db.query("INSERT INTO referrals.history (note) VALUES ('still works')"),
        ).resolves.toMatchObject({
          rowCount: 1,
        });
      });
    } finally {
      await withDatabase(stack, async (db) => {
        await db.query('DROP SCHEMA IF EXISTS referrals CASCADE');
        await db.query('DROP ROLE IF EXISTS beacon_legacy_owner');
      });
    }
  });
});
