/**
 * SCRAM users on a running cluster. kafkajs has no AlterUserScramCredentials
 * call, so this runs Kafka's own `kafka-configs` command (ConfigCommand, from
 * the kafka-tools jar the broker's Maven file already fetches) as the admin.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, type Credential } from '../kafka';

function jaasEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function configCommand(bootstrap: string, admin: Credential, args: string[]): void {
  const libs = ensureKafkaJars();
  const dir = mkdtempSync(join(tmpdir(), 'beacon-scram-'));
  const clientConfig = join(dir, 'admin.properties');
  try {
    writeFileSync(
      clientConfig,
      [
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanism=SCRAM-SHA-256',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${jaasEscape(admin.username)}" password="${jaasEscape(admin.password)}";`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const result = spawnSync(
      'java',
      [
        '-Xmx256m',
        '-cp',
        `${libs}/*`,
        'org.apache.kafka.tools.ConfigCommand',
        '--bootstrap-server',
        bootstrap,
        '--command-config',
        clientConfig,
        ...args,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(
        `kafka-configs failed (${result.status}): ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' ')}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates a SCRAM-SHA-256 user, or changes its password. */
export function upsertScramUser(bootstrap: string, admin: Credential, user: Credential): void {
  if (/[,\]=\s]/.test(user.password))
    throw new Error('a SCRAM password may not contain commas, brackets, equals signs or spaces');
  configCommand(bootstrap, admin, [
    '--alter',
    '--add-config',
    `SCRAM-SHA-256=[iterations=8192,password=${user.password}]`,
    '--entity-type',
    'users',
    '--entity-name',
    user.username,
  ]);
}

/**
 * Removes a user's SCRAM-SHA-256 credential: it can no longer log in.
 * With `ifExists`, a user that has none already is not an error.
 */
export function deleteScramUser(
  bootstrap: string,
  admin: Credential,
  username: string,
  options: { ifExists?: boolean } = {},
): void {
  try {
    deleteCredential(bootstrap, admin, username);
  } catch (error) {
    if (options.ifExists && /does not exist|ResourceNotFound/i.test((error as Error).message)) return;
    throw error;
  }
}

function deleteCredential(bootstrap: string, admin: Credential, username: string): void {
  configCommand(bootstrap, admin, [
    '--alter',
    '--delete-config',
    'SCRAM-SHA-256',
    '--entity-type',
    'users',
    '--entity-name',
    username,
  ]);
}
