/**
 * Creates a namespace's topics and grants every app and partner principal
 * its ACLs, as the admin. Used by `npm start`, by the test runner for each
 * end-to-end suite's namespace, and by docker compose (`node dist/scripts/provision.js`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import {
  applyAppAcls,
  createKafka,
  ensureTopics,
  parseBrokerList,
  partnerAclEntries,
  topicSpecs,
  topicsFor,
  type KafkaConnectionConfig,
  type SaslMechanism,
} from '@beacon/messaging';
import { REPO_ROOT } from './lib/paths';

export interface PartnerEntry {
  id: string;
  name: string;
  sector: string;
}

/** Reads the partners file (default `config/partners.json`). */
export function loadPartners(
  file = process.env.BEACON_PARTNERS_FILE ?? join(REPO_ROOT, 'config', 'partners.json'),
) {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { partners: PartnerEntry[] };
  return parsed.partners;
}

export interface ProvisionOptions {
  namespace: string;
  partnerIds: readonly string[];
  partitions: number;
  replicationFactor: number;
  /** Grant ACLs (skip on clusters whose ACLs another team manages). */
  acls: boolean;
}

/** Creates topics and ACLs; returns what it did. */
export async function provision(admin: Admin, options: ProvisionOptions) {
  const topics = topicsFor(options.namespace);
  const created = await ensureTopics(admin, topicSpecs(topics, options.partnerIds), {
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
  });
  let aclCount = 0;
  if (options.acls) {
    aclCount += await applyAppAcls(admin, topics);
    const partnerAcls = options.partnerIds.flatMap((id) => partnerAclEntries(id, topics));
    if (partnerAcls.length > 0) await admin.createAcls({ acl: partnerAcls });
    aclCount += partnerAcls.length;
  }
  return { created, aclCount };
}

/** Admin connection settings from the environment (docker compose path). */
export function adminConnectionFromEnv(source = process.env): KafkaConnectionConfig {
  const brokers = source.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is missing; expected a comma-separated list of host:port');
  const mechanism = source.KAFKA_SASL_MECHANISM as SaslMechanism | undefined;
  return {
    brokers: parseBrokerList(brokers),
    clientId: 'beacon-provision',
    ssl: source.KAFKA_SSL === 'true',
    sasl: mechanism
      ? { mechanism, username: source.KAFKA_SASL_USERNAME ?? '', password: source.KAFKA_SASL_PASSWORD ?? '' }
      : undefined,
  };
}

async function main(): Promise<void> {
  const admin = createKafka(adminConnectionFromEnv()).admin();
  await admin.connect();
  try {
    const result = await provision(admin, {
      namespace: process.env.BEACON_TOPIC_NAMESPACE ?? 'beacon',
      partnerIds: loadPartners().map((p) => p.id),
      partitions: Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3),
      replicationFactor: Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
      acls: process.env.BEACON_PROVISION_ACLS !== 'false',
    });
    process.stdout.write(
      `provisioned: ${result.created.length} topics created, ${result.aclCount} ACLs granted\n`,
    );
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`provision failed: ${error.message}\n`);
    process.exit(1);
  });
}
