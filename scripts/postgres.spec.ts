import { postgresUrl } from './postgres';

describe('postgresUrl', () => {
  it('given plain parts, then it is a loopback URL for that database', () => {
    expect(postgresUrl({ user: 'beacon', password: 'secret', port: 54321, database: 'beacon' })).toBe(
      'postgres://beacon:secret@127.0.0.1:54321/beacon',
    );
  });

  it('given a password with URL metacharacters, then a URL parser reads back exactly that password', () => {
    const password = 'p@ss:w/rd?#%&=+ "x"';

    const url = new URL(postgresUrl({ user: 'beacon', password, port: 5433, database: 'beacon' }));

    expect(decodeURIComponent(url.password)).toBe(password);
    expect([url.username, url.hostname, url.port, url.pathname]).toEqual([
      'beacon',
      '127.0.0.1',
      '5433',
      '/beacon',
    ]);
  });
});
