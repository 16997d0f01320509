/**
 * Creates a namespace's topics and grants every app and partner principal
 * its ACLs, as the admin. Used by `npm start`, by the test runner for each
 * end-to-end suite's namespace, and by docker compose (`node dist/scripts/provision.js`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import {
  applyAppAcls,
  waitForAcls,
  createKafka,
  ensureTopics,
  parseBrokerList,
  partnerAclEntries,
  partnerSource,
  publishPartner,
  topicSpecs,
  type CoverageArea,
  type PartnerSector,
  topicsFor,
  type KafkaConnectionConfig,
  type SaslMechanism,
} from '@beacon/messaging';
import { kafkaTlsFromEnv } from '@beacon/platform';
import { REPO_ROOT } from './lib/paths';

export interface PartnerEntry {
  id: string;
  name: string;
  sector: PartnerSector;
  /** The areas it serves; routing rules with `withinCoverage` use them. Absent: everywhere. */
  coverage?: CoverageArea[];
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
  partners: readonly PartnerEntry[];
  partitions: number;
  replicationFactor: number;
  /** Grant ACLs (skip on clusters whose ACLs another team manages). */
  acls: boolean;
}

/**
 * Creates topics and ACLs, and records each partner in the partner
 * directory (a compacted topic every app can rebuild from); returns what it did.
 */
export async function provision(kafka: Kafka, admin: Admin, options: ProvisionOptions) {
  const topics = topicsFor(options.namespace);
  const partnerIds = options.partners.map((p) => p.id);
  const created = await ensureTopics(admin, topicSpecs(topics, partnerIds), {
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
  });
  let aclCount = 0;
  if (options.acls) {
    aclCount += await applyAppAcls(admin, topics);
    const partnerAcls = partnerIds.flatMap((id) => partnerAclEntries(id, topics));
    if (partnerAcls.length > 0) {
      await admin.createAcls({ acl: partnerAcls });
      await waitForAcls(admin, partnerAcls);
    }
    aclCount += partnerAcls.length;
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const partner of options.partners) {
      await publishPartner(producer, topics.partners, {
        ...partner,
        source: partnerSource(partner.id),
        status: 'active',
        updatedAt: new Date().toISOString(),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return { created, aclCount };
}

/**
 * Admin connection settings from the environment (docker compose, an
 * existing cluster): KAFKA_BROKERS, KAFKA_SASL_*, and KAFKA_SSL (default
 * true) with KAFKA_SSL_CA_FILE, checked as the apps check them.
 */
export function adminConnectionFromEnv(source = process.env): KafkaConnectionConfig {
  const brokers = source.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is missing; expected a comma-separated list of host:port');
  const mechanism = source.KAFKA_SASL_MECHANISM as SaslMechanism | undefined;
  return {
    brokers: parseBrokerList(brokers),
    clientId: 'beacon-provision',
    tls: kafkaTlsFromEnv(source),
    sasl: mechanism
      ? { mechanism, username: source.KAFKA_SASL_USERNAME ?? '', password: source.KAFKA_SASL_PASSWORD ?? '' }
      : undefined,
  };
}

async function main(): Promise<void> {
  const kafka = createKafka(adminConnectionFromEnv());
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result = await provision(kafka, admin, {
      namespace: process.env.BEACON_TOPIC_NAMESPACE ?? 'beacon',
      partners: loadPartners(),
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
