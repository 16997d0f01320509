/**
 * The embedded Postgres started from a checkout the `postgres` OS user
 * cannot enter (as a clone under /root is, mode 0700). As root, Postgres
 * runs as that user, so its binaries and cluster must move to a folder it
 * may enter (BEACON_POSTGRES_HOME); as anyone else, it runs in place. The
 * launcher runs as its own process (`scripts/postgres.ts start`), as
 * `npm start` runs it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../../scripts/lib/paths';

describe('embedded Postgres from a folder the postgres user cannot enter', () => {
  const root = mkdtempSync(join(tmpdir(), 'beacon-pg-place-'));
  const home = join(root, 'home');

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given a data folder under a mode-0700 folder, then a throwaway cluster starts, answers, and leaves nothing behind on stop', async () => {
    // given: a checkout-like folder only its owner may enter, and a home the postgres user may enter
    chmodSync(root, 0o755);
    const closed = join(root, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    const dataDir = join(closed, 'postgres');

    // when: the launcher starts a throwaway cluster there
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'scripts', 'postgres.ts'),
        'start',
        '--data-dir',
        dataDir,
        '--fresh',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, BEACON_POSTGRES_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = await Promise.race([
      new Promise<{ databaseUrl: string }>((resolve) => {
        const poll = setInterval(() => {
          const line = stdout.split('\n').find((l) => l.startsWith('{'));
          if (line) {
            clearInterval(poll);
            resolve(JSON.parse(line) as { databaseUrl: string });
          }
        }, 100);
      }),
      exited.then((code) => {
        throw new Error(`the launcher exited with ${code} before it was ready:\n${stderr}`);
      }),
    ]);
    const client = new Client({ connectionString: started.databaseUrl });
    await client.connect();
    const answer = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    await client.end();
    child.kill('SIGTERM');
    const code = await exited;

    // then
    expect(answer).toBe('beacon');
    expect(code).toBe(0);
    expect(stderr.includes(`running Postgres from ${home}`)).toBe(userInfo().uid === 0);
    // Wherever it ran, stopping removed the throwaway cluster.
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    const clusters = join(home, 'clusters');
    expect(existsSync(clusters) ? readdirSync(clusters) : []).toEqual([]);
  });
});
