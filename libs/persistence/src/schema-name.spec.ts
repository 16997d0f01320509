import { assertSchemaName, quoteIdentifier } from './schema-name';

describe('assertSchemaName', () => {
  it.each(['referrals', 'audit', 'consent', 'gateway', '_private', 't_0a1b2c3d', 'a', 'a'.repeat(63)])(
    'given %p, when checked, then it is returned unchanged',
    (name) => {
      expect(assertSchemaName(name)).toBe(name);
    },
  );

  it.each([
    ['', 'empty'],
    ['Audit', 'upper case'],
    ['1audit', 'a leading digit'],
    ['audit-log', 'a hyphen'],
    ['audit log', 'a space'],
    ['audit"; DROP SCHEMA public; --', 'SQL'],
    ['a'.repeat(64), '64 characters'],
    ['référrals', 'a non-ASCII letter'],
    ['audit\n', 'a trailing newline'],
  ])('given %p (%s), when checked, then it is refused with the rule in the message', (name) => {
    expect(() => assertSchemaName(name)).toThrow(/invalid schema name .*a-z, 0-9 and _/);
  });

  it('given a name with the reserved pg_ prefix, when checked, then it is refused and says why', () => {
    expect(() => assertSchemaName('pg_audit')).toThrow('the pg_ prefix is reserved');
  });

  it('given something that is not a string, when checked, then it is refused', () => {
    expect(() => assertSchemaName(undefined as unknown as string)).toThrow('invalid schema name undefined');
  });
});

describe('quoteIdentifier', () => {
  it('wraps a name in double quotes', () => {
    expect(quoteIdentifier('audit')).toBe('"audit"');
  });

  it('doubles embedded double quotes, as quote_ident does', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
