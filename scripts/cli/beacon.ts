/**
 * The Beacon administration CLI (`npx beacon …`).
 *
 *   beacon partner add --id <id> --sector <sector> [--name <name>] [--area <COUNTRY[/REGION[/LOCALITY]]> ...]
 *   beacon partner list
 *   beacon partner suspend --id <id>
 *   beacon partner reinstate --id <id>
 *   beacon partner remove --id <id> [--delete-topics]
 *   beacon keys rotate --kind token [--grace-hours <hours>] [--keys-dir <dir>]
 *
 * It connects as the Kafka admin named by `.beacon/stack.json` (a running
 * `npm start`, over TLS to its local CA), or by KAFKA_BROKERS, KAFKA_SASL_*
 * and KAFKA_SSL / KAFKA_SSL_CA_FILE in the environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka } from '@beacon/messaging';
import { BEACON_DIR } from '../lib/paths';
import type { KafkaAccess } from '../lib/stack';
import { adminConnectionFromEnv } from '../provision';
import {
  addPartner,
  formatCoverage,
  listPartners,
  reinstatePartner,
  removePartner,
  suspendPartner,
  type AdminConnection,
} from './partner-commands';
import { KEYS_USAGE, runKeysCommand } from './key-commands';

const USAGE = `usage:
  beacon partner add --id <id> --sector <law-enforcement|health-care|ngo|education|social-services> [--name <name>]
                    [--area <COUNTRY[/REGION[/LOCALITY]]> ...]   (areas served; repeat it; none: everywhere)
  beacon partner list
  beacon partner suspend --id <id>      (reversible: access refused within 5 s, Kafka credential and ACLs deleted)
  beacon partner reinstate --id <id>    (access back, with a new Kafka password and token)
  beacon partner remove --id <id> [--delete-topics]
${KEYS_USAGE}`;

function adminAccess(): { access: KafkaAccess; namespace: string } {
  const stackFile = join(BEACON_DIR, 'stack.json');
  if (process.env.KAFKA_BROKERS) {
    const { brokers, sasl, tls } = adminConnectionFromEnv();
    return { namespace: process.env.BEACON_TOPIC_NAMESPACE ?? 'beacon', access: { brokers, sasl, tls } };
  }
  if (!existsSync(stackFile)) {
    throw new Error(
      `no running Beacon found (${stackFile} is missing): start it with \`npm start\`, or set KAFKA_BROKERS and KAFKA_SASL_* for the admin`,
    );
  }
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as { namespace: string; kafka: KafkaAccess };
  const { brokers, sasl, tls } = stack.kafka;
  return { namespace: stack.namespace, access: { brokers, sasl, tls } };
}

async function connect(): Promise<AdminConnection> {
  const { access, namespace } = adminAccess();
  const kafka = createKafka({ clientId: 'beacon-cli', ...access });
  const admin = kafka.admin();
  await admin.connect();
  return { kafka, admin, access, namespace };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'audit') return (await import('../audit/verify')).runAuditCommand(argv.slice(1));
  if (argv[0] === 'keys') {
    process.exitCode = runKeysCommand(argv.slice(1), (text) => process.stdout.write(text));
    return;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      sector: { type: 'string' },
      name: { type: 'string' },
      area: { type: 'string', multiple: true },
      'delete-topics': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [noun, verb] = positionals;
  if (values.help || noun !== 'partner' || !verb) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const require = (name: 'id' | 'sector') => {
    const value = values[name];
    if (!value) throw new Error(`--${name} is required for "partner ${verb}"\n${USAGE}`);
    return value;
  };
  const conn = await connect();
  try {
    switch (verb) {
      case 'add': {
        const done = await addPartner(conn, {
          id: require('id'),
          sector: require('sector'),
          name: values.name,
          areas: values.area,
        });
        process.stdout.write(
          `partner ${done.partner.id} (${done.partner.sector}) onboarded\n` +
            `  source:     ${done.partner.source}\n` +
            `  coverage:   ${formatCoverage(done.partner.coverage)}\n` +
            `  inbound:    ${done.kafka.inbound} (write)\n` +
            `  deliveries: ${done.kafka.deliver} (read)\n` +
            `  rejections: ${done.kafka.rejections} (read)\n` +
            `  Kafka user: ${done.kafka.sasl.username}; password and API token in ${done.file}\n` +
            `  connect:    ${done.kafka.securityProtocol}, SCRAM-SHA-256${done.kafka.tls !== false && done.kafka.tls.caFile ? `; trust the CA in ${done.kafka.tls.caFile} (also in that file)` : ''}\n`,
        );
        return;
      }
      case 'list': {
        const partners = await listPartners(conn);
        if (partners.length === 0) process.stdout.write('no partners\n');
        for (const p of partners)
          process.stdout.write(
            `${p.id.padEnd(28)} ${p.sector.padEnd(16)} ${p.status.padEnd(9)} ${p.name}${p.coverage ? `  [${formatCoverage(p.coverage)}]` : ''}\n`,
          );
        return;
      }
      case 'suspend': {
        const result = await suspendPartner(conn, require('id'));
        process.stdout.write(
          `partner ${result.suspended} suspended: the gateway and intake refuse it, its Kafka credential and ACLs are deleted; \`beacon partner reinstate --id ${result.suspended}\` undoes it\n`,
        );
        return;
      }
      case 'reinstate': {
        const done = await reinstatePartner(conn, require('id'));
        process.stdout.write(
          `partner ${done.partner.id} reinstated: its ACLs are back; new Kafka password and API token in ${done.file}\n`,
        );
        return;
      }
      case 'remove': {
        const result = await removePartner(conn, require('id'), { deleteTopics: values['delete-topics'] });
        process.stdout.write(
          `partner ${result.removed} removed: credential deleted, ACLs revoked${result.topicsDeleted ? ', topics deleted' : '; its topics are kept'}\n`,
        );
        return;
      }
      default:
        throw new Error(`unknown command "partner ${verb}"\n${USAGE}`);
    }
  } finally {
    await conn.admin.disconnect();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`beacon: ${error.message}\n`);
  process.exit(1);
});
