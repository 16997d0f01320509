/**
 * `beacon keys rotate --kind token [--grace-hours N] [--keys-dir DIR]`: a new
 * signing key for the local token issuer, the old one still verifying for
 * the grace period. See docs/architecture.md, "Key rotation".
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN_KEY_GRACE_SECONDS, rotateIssuerKey } from '../lib/issuer';
import { BEACON_DIR } from '../lib/paths';

export const KEYS_USAGE = `  beacon keys rotate --kind token [--grace-hours <hours>] [--keys-dir <dir>]
                    (new token-signing kid; the old key verifies for the grace, default ${DEFAULT_TOKEN_KEY_GRACE_SECONDS / 3600} h)`;

/** Runs `beacon keys …`; returns the process exit status. */
export function runKeysCommand(argv: string[], write: (text: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'grace-hours': { type: 'string' },
      'keys-dir': { type: 'string' },
    },
  });
  if (positionals[0] !== 'rotate' || positionals.length !== 1) {
    write(`usage:\n${KEYS_USAGE}\n`);
    return 2;
  }
  if (values.kind !== 'token') {
    write(
      `beacon keys rotate: --kind ${values.kind ?? '(missing)'} is not supported; only "token" keys rotate from the CLI so far ` +
        '(the audit signing key and the per-recipient hash keys are listed in docs/architecture.md, "Key rotation")\n',
    );
    return 2;
  }
  const hours = values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']);
  if (hours !== undefined && !(Number.isFinite(hours) && hours >= 0)) {
    write(`beacon keys rotate: --grace-hours must be a number of hours, got ${values['grace-hours']}\n`);
    return 2;
  }
  const keysDir = values['keys-dir'] ?? join(BEACON_DIR, 'keys');
  const rotation = rotateIssuerKey(
    keysDir,
    hours === undefined ? {} : { graceSeconds: Math.round(hours * 3600) },
  );
  write(
    `token-signing key rotated in ${keysDir}\n` +
      `  new tokens carry kid ${rotation.kid}\n` +
      `  ${rotation.retired.kid} still verifies until ${rotation.retired.until.toISOString()}\n` +
      (rotation.dropped.length > 0 ? `  dropped (grace over): ${rotation.dropped.join(', ')}\n` : '') +
      '  running apps read the new JWKS file within a second; tokens minted from now on use the new key\n',
  );
  return 0;
}
