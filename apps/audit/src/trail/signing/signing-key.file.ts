import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { restrictToOwner } from '@beacon/platform';
import { signerFromPrivateKey, type Signer } from '../../chain';

export interface LoadedSigningKey {
  signer: Signer;
  /** True when this call generated the key (no file was there). */
  created: boolean;
  /**
   * The file's permission bits as found, before they were made 0600, so the
   * caller can warn that others could read the key until now.
   */
  mode: number;
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/**
 * Writes a new Ed25519 key to `file` unless one is there already. The key
 * goes to a private temporary file first and is then hard-linked into place:
 * the link fails if `file` exists, so two instances starting at once end up
 * with the same key, and a reader never sees a half-written file.
 */
function createKeyFile(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const temporary = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * The audit service's signing key: read from `file` (PKCS#8 PEM), or
 * generated into it with mode 0600 when the file does not exist. A key file
 * that others may read is made 0600.
 *
 * @throws when the file cannot be read or written, or holds a key that is
 *   not an Ed25519 private key.
 */
export function loadOrCreateSigningKey(file: string): LoadedSigningKey {
  let created = false;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    // Missing, or a path through something that is not a folder: either way there is no key to read.
    if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw error;
    try {
      created = createKeyFile(file);
    } catch (cause) {
      // Most often a read-only working directory (a container): say which setting fixes it.
      throw new Error(
        `cannot create the audit signing key at ${file} (${(cause as Error).message}); ` +
          'set AUDIT_SIGNING_KEY_FILE to a writable path that survives restarts, such as a volume',
      );
    }
    pem = readFileSync(file, 'utf8');
  }
  let signer: Signer;
  try {
    signer = signerFromPrivateKey(createPrivateKey(pem));
  } catch (error) {
    throw new Error(`${file} does not hold a usable Ed25519 private key: ${(error as Error).message}`);
  }
  return { signer, created, mode: restrictToOwner(file) };
}
