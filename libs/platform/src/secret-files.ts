/**
 * Files that hold a password or a key, and the folders they sit in, are for
 * their owner alone: 0600 and 0700. `writeFileSync(file, data, { mode })`
 * is not enough: the mode applies only when the file is created, so a file
 * that an older version (or a person) left readable keeps its mode when it is
 * rewritten; `mkdirSync(dir, { mode })` likewise leaves an existing folder
 * as it is. These helpers set the mode every time.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Read and write for the owner, nothing for anyone else. */
export const SECRET_FILE_MODE = 0o600;
/** Enter, list and write for the owner, nothing for anyone else. */
export const PRIVATE_DIR_MODE = 0o700;
/** The mask under which the processes Beacon's launchers start create their files. */
export const PRIVATE_UMASK = 0o077;

/**
 * Creates `dir` (and missing parents) and makes it 0700 (or `mode`), also
 * when it existed already. Parents created on the way get 0700 too; existing
 * parents are left alone.
 */
export function ensurePrivateDir(dir: string, mode: number = PRIVATE_DIR_MODE): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, mode);
}

/**
 * Writes `content` to `file` with mode 0600, whatever mode the file had: the
 * text goes to a new 0600 file beside it, which is then renamed over it, so
 * no reader ever sees half a file and no old permission survives. The folder
 * is created 0700 when missing (an existing one is left as it is: it may be
 * shared, such as `.beacon/` when a Postgres OS user must pass through).
 */
export function writeSecretFile(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const staging = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(staging, content, { mode: SECRET_FILE_MODE, flag: 'wx' });
    // The process umask may have taken bits away, never added them; set them exactly.
    chmodSync(staging, SECRET_FILE_MODE);
    renameSync(staging, file);
  } catch (error) {
    rmSync(staging, { force: true });
    throw error;
  }
}

/**
 * Makes an existing file 0600. Returns the mode it had, so a caller can say
 * that it was readable by others before.
 */
export function restrictToOwner(file: string): number {
  const before = statSync(file).mode & 0o777;
  if (before !== SECRET_FILE_MODE) chmodSync(file, SECRET_FILE_MODE);
  return before;
}

/**
 * Runs `start` (which must create its child process synchronously, such as
 * `spawn`) under umask 077, so that every file the child creates (a broker's
 * logs and metadata, an app's own files) is its owner's alone. The umask is
 * the process's, so it is put back before anything else can run.
 */
export function withPrivateUmask<T>(start: () => T): T {
  const previous = process.umask(PRIVATE_UMASK);
  try {
    return start();
  } finally {
    process.umask(previous);
  }
}
