import { runMigrations } from './migrations-runner';

describe('runMigrations', () => {
  it('given an invalid schema name, then it refuses before opening any connection', async () => {
    // Port 1 on loopback: were a connection attempted, the error would be ECONNREFUSED, not this one.
    const options = {
      url: 'postgres://nobody:nothing@127.0.0.1:1/none',
      schema: 'audit"; DROP SCHEMA audit CASCADE; --',
      migrations: [],
      applicationName: 'beacon-test',
    };

    await expect(runMigrations(options)).rejects.toThrow(/^invalid schema name/);
  });
});
