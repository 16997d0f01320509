import { databaseUser, grantStatements } from './table-grants';

describe('grantStatements', () => {
  it('given the audit tables for the runtime role, then it grants schema usage and exactly those privileges', () => {
    expect(
      grantStatements('t1_audit', 'beacon_audit', {
        to: 'runtime',
        tables: ['audit_records', 'audit_checkpoints'],
        privileges: ['SELECT', 'INSERT'],
      }),
    ).toEqual([
      'GRANT USAGE ON SCHEMA "t1_audit" TO "beacon_audit"',
      'GRANT SELECT, INSERT ON "t1_audit"."audit_records", "t1_audit"."audit_checkpoints" TO "beacon_audit"',
    ]);
  });

  it('refuses names that are not plain identifiers and privileges outside the table ones', () => {
    const grant = { to: 'runtime', tables: ['consents'], privileges: ['SELECT'] } as const;
    expect(() => grantStatements('gateway', 'x"; DROP', grant)).toThrow(/invalid role name/);
    expect(() => grantStatements('gateway', 'reader', { ...grant, tables: ['a;b'] })).toThrow(
      /invalid schema name/,
    );
    expect(() =>
      grantStatements('gateway', 'reader', { ...grant, privileges: ['TRUNCATE' as 'SELECT'] }),
    ).toThrow(/invalid privileges/);
  });
});

describe('databaseUser', () => {
  it('reads the decoded user of a URL', () => {
    expect(databaseUser('postgres://beacon_audit:p%40ss@127.0.0.1:5432/beacon')).toBe('beacon_audit');
  });
});
