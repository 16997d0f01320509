/**
 * SCRAM users on a running cluster. kafkajs has no AlterUserScramCredentials
 * call, so this runs Kafka's own `kafka-configs` command (ConfigCommand, from
 * the kafka-tools jar the broker's Maven file already fetches) as the admin,
 * over the same TLS as every other Beacon client.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, type Credential } from '../kafka';
import { securityProtocolOf, type KafkaAccess } from './stack';

function jaasEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The Java client's connection settings for `access`: TLS with the same CA and host-name check as Beacon's own clients. */
export function javaClientProperties(access: KafkaAccess): string[] {
  const lines: string[] = [];
  const sasl = access.sasl;
  lines.push(`security.protocol=${securityProtocolOf(access)}`);
  if (access.tls !== false) {
    lines.push('ssl.enabled.protocols=TLSv1.3,TLSv1.2', 'ssl.endpoint.identification.algorithm=https');
    if (access.tls.caFile)
      lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${access.tls.caFile}`);
  }
  if (sasl) {
    const module =
      sasl.mechanism === 'plain'
        ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
        : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    lines.push(
      `sasl.mechanism=${sasl.mechanism.toUpperCase()}`,
      `sasl.jaas.config=${module} required username="${jaasEscape(sasl.username)}" password="${jaasEscape(sasl.password)}";`,
    );
  }
  return lines;
}

function configCommand(access: KafkaAccess, args: string[]): void {
  if (!access.sasl) throw new Error('SCRAM users can only be changed by an admin with SASL credentials');
  const libs = ensureKafkaJars();
  const dir = mkdtempSync(join(tmpdir(), 'beacon-scram-'));
  const clientConfig = join(dir, 'admin.properties');
  try {
    writeFileSync(clientConfig, [...javaClientProperties(access), ''].join('\n'), { mode: 0o600 });
    const result = spawnSync(
      'java',
      [
        '-Xmx256m',
        '-cp',
        `${libs}/*`,
        'org.apache.kafka.tools.ConfigCommand',
        '--bootstrap-server',
        access.brokers.join(','),
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
export function upsertScramUser(access: KafkaAccess, user: Credential): void {
  if (/[,\]=\s]/.test(user.password))
    throw new Error('a SCRAM password may not contain commas, brackets, equals signs or spaces');
  configCommand(access, [
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
  access: KafkaAccess,
  username: string,
  options: { ifExists?: boolean } = {},
): void {
  try {
    deleteCredential(access, username);
  } catch (error) {
    if (options.ifExists && /does not exist|ResourceNotFound/i.test((error as Error).message)) return;
    throw error;
  }
}

function deleteCredential(access: KafkaAccess, username: string): void {
  configCommand(access, [
    '--alter',
    '--delete-config',
    'SCRAM-SHA-256',
    '--entity-type',
    'users',
    '--entity-name',
    username,
  ]);
}
