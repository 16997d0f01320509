import { assertSchemaName, quoteIdentifier } from './schema-name';

/** A table privilege an app may hand to another role. */
export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * Privileges on some of an app's tables for a role other than the one that
 * owns them, granted by the owner after every migration run (so a table a
 * new migration adds is covered as soon as it exists).
 *
 * `to: 'runtime'` names the role the app itself runs as (the user of
 * DATABASE_URL) when its migrations run as another (DATABASE_MIGRATION_URL);
 * it is skipped when both are the same role. Any other value names a role,
 * typically a group role other apps' roles are members of; it is skipped
 * when that role does not exist (a database set up without Beacon's roles,
 * where every app runs as one owner).
 */
export interface TableGrant {
  readonly to: 'runtime' | string;
  readonly tables: readonly string[];
  readonly privileges: readonly TablePrivilege[];
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PRIVILEGES: ReadonlySet<string> = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

/** The user name of a postgres:// URL, decoded. */
export function databaseUser(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * The statements that apply `grant` to `role` in `schema`: USAGE on the
 * schema and the privileges on each table, nothing else.
 *
 * @throws when a name or privilege is not acceptable
 */
export function grantStatements(schema: string, role: string, grant: TableGrant): string[] {
  assertSchemaName(schema);
  if (!ROLE_NAME.test(role)) throw new Error(`invalid role name ${JSON.stringify(role)}`);
  if (grant.privileges.length === 0 || grant.privileges.some((p) => !PRIVILEGES.has(p)))
    throw new Error(`invalid privileges ${JSON.stringify(grant.privileges)}`);
  const tables = grant.tables.map((table) => {
    assertSchemaName(table);
    return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  });
  if (tables.length === 0) throw new Error('a grant names at least one table');
  return [
    `GRANT USAGE ON SCHEMA ${quoteIdentifier(schema)} TO ${quoteIdentifier(role)}`,
    `GRANT ${grant.privileges.join(', ')} ON ${tables.join(', ')} TO ${quoteIdentifier(role)}`,
  ];
}
