/**
 * Beacon's Postgres roles: one LOGIN role per app that keeps state, with a
 * random password, and only the rights that app needs. Created (or their
 * passwords reset to the ones held here) by `npm start` and `npm test`,
 * acting as the database's admin; see docs/architecture.md, "Database roles".
 *
 * | role                    | login | may                                                                 |
 * | ----------------------- | ----- | ------------------------------------------------------------------- |
 * | `beacon_gateway`        | yes   | create and own its schema; member of `beacon_relationship_reader`   |
 * | `beacon_referrals`      | yes   | create and own its schema; member of `beacon_consent_reader`        |
 * | `beacon_redaction`      | yes   | create and own its schema; member of `beacon_consent_reader`        |
 * | `beacon_audit_owner`    | yes   | create and own the audit schema: runs the audit app's migrations    |
 * | `beacon_audit`          | yes   | the audit app at runtime: SELECT and INSERT on the audit tables     |
 * | `beacon_consent_reader` | no    | SELECT on the gateway's consent tables (granted by their owner)     |
 * | `beacon_relationship_reader` | no | SELECT on redaction's `subject_relationships` (granted by its owner) |
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeSecretFile } from '@beacon/platform';
import { Client } from 'pg';
import type { BeaconApp } from '@beacon/messaging';
import { CONSENT_READER_ROLE, RELATIONSHIP_READER_ROLE } from '@beacon/persistence';

/** The apps that keep state in Postgres. */
export type DatabaseApp = Exclude<BeaconApp, 'intake'>;
export const DATABASE_APPS: readonly DatabaseApp[] = ['gateway', 'redaction', 'referrals', 'audit'];

/** How an app reaches Postgres: as its own role, and (when it differs) as the role that migrates its schema. */
export interface AppDatabaseAccess {
  role: string;
  url: string;
  migrationRole?: string;
  migrationUrl?: string;
}

export interface DatabaseAccess {
  /** The admin: the embedded Postgres's superuser, or the external DATABASE_URL's role, on Beacon's database. */
  adminUrl: string;
  apps: Record<DatabaseApp, AppDatabaseAccess>;
}

/** Login roles: who owns a schema (may CREATE in the database) and who only runs. */
const LOGIN_ROLES: Record<string, { createsSchema: boolean; memberOf: string[] }> = {
  beacon_gateway: { createsSchema: true, memberOf: [RELATIONSHIP_READER_ROLE] },
  // Its API answers are decided with the subjects' consents, as redaction's deliveries are.
  beacon_referrals: { createsSchema: true, memberOf: [CONSENT_READER_ROLE] },
  beacon_redaction: { createsSchema: true, memberOf: [CONSENT_READER_ROLE] },
  beacon_audit_owner: { createsSchema: true, memberOf: [] },
  beacon_audit: { createsSchema: false, memberOf: [] },
};

const APP_ROLES: Record<DatabaseApp, { role: string; migrationRole?: string }> = {
  gateway: { role: 'beacon_gateway' },
  referrals: { role: 'beacon_referrals' },
  redaction: { role: 'beacon_redaction' },
  audit: { role: 'beacon_audit', migrationRole: 'beacon_audit_owner' },
};

/** The schemas the apps use by default, and the role that owns each. */
const DEFAULT_SCHEMA_OWNERS: Record<string, string> = {
  gateway: 'beacon_gateway',
  referrals: 'beacon_referrals',
  redaction: 'beacon_redaction',
  audit: 'beacon_audit_owner',
};

/**
 * A database made before the apps had their own roles holds their schemas
 * under the one role every app used; hands each (schema, tables, views,
 * sequences, functions) to the role that now migrates it, so the next
 * migration run may change it. Sequences that belong to a table move with it.
 */
async function adoptSchemas(client: Client): Promise<void> {
  for (const [schema, owner] of Object.entries(DEFAULT_SCHEMA_OWNERS)) {
    const found = await client.query<{ owner: string }>(
      'SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = $1',
      [schema],
    );
    const current = found.rows[0]?.owner;
    if (current === undefined || current === owner) continue;
    const to = client.escapeIdentifier(owner);
    const ns = client.escapeIdentifier(schema);
    await client.query(`ALTER SCHEMA ${ns} OWNER TO ${to}`);
    const relations = await client.query<{ name: string; kind: string }>(
      `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
        WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))`,
      [schema],
    );
    for (const { name, kind } of relations.rows) {
      const what =
        kind === 'S' ? 'SEQUENCE' : kind === 'v' ? 'VIEW' : kind === 'm' ? 'MATERIALIZED VIEW' : 'TABLE';
      await client.query(`ALTER ${what} ${ns}.${client.escapeIdentifier(name)} OWNER TO ${to}`);
    }
    const functions = await client.query<{ signature: string }>(
      'SELECT p.oid::regprocedure::text AS signature FROM pg_proc p WHERE p.pronamespace = $1::regnamespace',
      [schema],
    );
    for (const { signature } of functions.rows)
      await client.query(`ALTER FUNCTION ${signature} OWNER TO ${to}`);
  }
}

/** `url` with another user and password (host, port and database kept). */
export function urlAs(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

function loadPasswords(file: string): Record<string, string> {
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const passwords: Record<string, string> = {};
  for (const role of Object.keys(LOGIN_ROLES))
    passwords[role] = saved[role] ?? randomBytes(24).toString('base64url');
  writeSecretFile(file, JSON.stringify(passwords, null, 2));
  return passwords;
}

/**
 * Creates Beacon's roles in the database `adminUrl` names (idempotent:
 * existing roles get the password held in `secretsFile` and lose any extra
 * attribute), grants each what it needs there, and returns how each app
 * connects. The admin needs CREATEROLE and the right to grant CONNECT and
 * CREATE on the database (its owner, or a superuser).
 *
 * @throws with the admin's missing right named when Postgres refuses
 */
export async function provisionDatabaseRoles(adminUrl: string, secretsFile: string): Promise<DatabaseAccess> {
  const passwords = loadPasswords(secretsFile);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const database = client.escapeIdentifier(
      ((await client.query('SELECT current_database() AS name')).rows[0] as { name: string }).name,
    );
    const exists = async (role: string) =>
      ((await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount ?? 0) > 0;
    try {
      for (const group of [CONSENT_READER_ROLE, RELATIONSHIP_READER_ROLE])
        if (!(await exists(group)))
          await client.query(`CREATE ROLE ${client.escapeIdentifier(group)} NOLOGIN`);
      for (const [name, spec] of Object.entries(LOGIN_ROLES)) {
        const role = client.escapeIdentifier(name);
        const options = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(passwords[name] as string)}`;
        await client.query(
          (await exists(name)) ? `ALTER ROLE ${role} WITH ${options}` : `CREATE ROLE ${role} ${options}`,
        );
        await client.query(
          `GRANT ${spec.createsSchema ? 'CONNECT, CREATE' : 'CONNECT'} ON DATABASE ${database} TO ${role}`,
        );
        for (const group of spec.memberOf)
          await client.query(`GRANT ${client.escapeIdentifier(group)} TO ${role}`);
      }
      // Temporary tables are a place to write that no app needs.
      await client.query(`REVOKE TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
      await adoptSchemas(client);
    } catch (error) {
      throw new Error(
        `setting up Beacon's database roles failed: ${(error as Error).message}. The admin connection ` +
          '(DATABASE_URL when set) needs CREATEROLE and must own the database (or be a superuser); ' +
          'see docs/architecture.md, "Database roles"',
      );
    }
  } finally {
    await client.end();
  }
  const apps = Object.fromEntries(
    DATABASE_APPS.map((app) => {
      const { role, migrationRole } = APP_ROLES[app];
      const access: AppDatabaseAccess = { role, url: urlAs(adminUrl, role, passwords[role] as string) };
      if (migrationRole) {
        access.migrationRole = migrationRole;
        access.migrationUrl = urlAs(adminUrl, migrationRole, passwords[migrationRole] as string);
      }
      return [app, access];
    }),
  ) as Record<DatabaseApp, AppDatabaseAccess>;
  return { adminUrl, apps };
}
