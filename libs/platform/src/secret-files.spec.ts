import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, restrictToOwner, withPrivateUmask, writeSecretFile } from './secret-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('secret files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-secret-files-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('given no file, when a secret is written, then it is 0600 in a new 0700 folder', () => {
    // given
    const file = join(dir, 'keys', 'hash-secret');

    // when
    writeSecretFile(file, 's3cret');

    // then
    expect(readFileSync(file, 'utf8')).toBe('s3cret');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
  });

  it('given a file others may read, when a secret is written over it, then it is 0600 and no staging file is left', () => {
    // given: what writeFileSync(file, data, { mode: 0o600 }) would leave as it was
    const file = join(dir, 'stack.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);

    // when
    writeSecretFile(file, 'new');

    // then
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['stack.json']);
  });

  it('given a folder others may list, when it is made private, then it is 0700 (or the mode asked for)', () => {
    // given
    const keys = join(dir, 'keys');
    mkdirSync(keys, { mode: 0o755 });
    chmodSync(keys, 0o755);

    // when / then
    ensurePrivateDir(keys);
    expect(modeOf(keys)).toBe(0o700);
    ensurePrivateDir(keys, 0o711);
    expect(modeOf(keys)).toBe(0o711);
  });

  it('given a file others may read, when restricted, then it is 0600 and its old mode is returned', () => {
    // given
    const file = join(dir, 'signing-key.pem');
    writeFileSync(file, 'key');
    chmodSync(file, 0o640);

    // when / then
    expect(restrictToOwner(file)).toBe(0o640);
    expect(modeOf(file)).toBe(0o600);
  });

  it('given a child started under the private umask, then the files it creates are 0600, and the umask is put back', () => {
    // given
    const before = process.umask();
    const file = join(dir, 'made-by-child');

    // when
    const result = withPrivateUmask(() => spawnSync('sh', ['-c', `echo data > '${file}'`]));

    // then
    expect(result.status).toBe(0);
    expect(modeOf(file)).toBe(0o600);
    expect(process.umask()).toBe(before);
  });
});
