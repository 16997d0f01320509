/**
 * A schema name Beacon accepts: a lower-case, unquoted Postgres identifier
 * of at most 63 bytes (NAMEDATALEN - 1), so the same name works quoted and
 * unquoted, in `search_path` and in the connection's startup options.
 */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Returns `name` when it is a schema name Beacon accepts; throws an error
 * that says why not otherwise. Names starting with `pg_` are refused too,
 * because Postgres reserves them for system schemas.
 */
export function assertSchemaName(name: string): string {
  if (typeof name !== 'string' || !SCHEMA_NAME_PATTERN.test(name)) {
    throw new Error(
      `invalid schema name ${JSON.stringify(name)}: expected 1-63 characters of a-z, 0-9 and _, ` +
        'not starting with a digit (pattern /^[a-z_][a-z0-9_]{0,62}$/)',
    );
  }
  if (name.startsWith('pg_')) {
    throw new Error(`invalid schema name "${name}": the pg_ prefix is reserved for Postgres system schemas`);
  }
  return name;
}

/**
 * Quotes an identifier for SQL (doubling embedded quotes), as Postgres'
 * quote_ident does. Validation already excludes quotes; quoting anyway keeps
 * the statement correct should the pattern ever be widened.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
