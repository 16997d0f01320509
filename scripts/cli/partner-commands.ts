/**
 * Onboarding and offboarding of partner systems, as the Kafka admin:
 * topics, a SCRAM principal with only its own ACLs, the directory record,
 * and an API token for the gateway.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type Kafka,
} from 'kafkajs';
import {
  PARTNER_SECTORS,
  PartnerDirectory,
  assertPartnerId,
  partnerAclEntries,
  partnerPrincipalName,
  parseCoverageArea,
  partnerSource,
  publishPartner,
  topicsFor,
  type PartnerRecord,
  type PartnerSector,
  type KafkaTls,
  type TopicRegistry,
} from '@beacon/messaging';
import { provision } from '../provision';
import { localIssuer, type LocalIssuer } from '../lib/issuer';
import { BEACON_DIR } from '../lib/paths';
import { deleteScramUser, upsertScramUser } from '../lib/scram';
import { describeKafkaAccess, type KafkaAccess } from '../lib/stack';

export interface AdminConnection {
  kafka: Kafka;
  admin: Admin;
  access: KafkaAccess;
  namespace: string;
}

const PARTNER_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export interface OnboardedPartner {
  partner: PartnerRecord;
  kafka: {
    brokers: string[];
    /** How a Kafka client names the connection: SASL_SSL unless the admin's own connection is plaintext. */
    securityProtocol: string;
    sasl: { mechanism: 'scram-sha-256'; username: string; password: string };
    /** The CA file the partner's client trusts for the brokers' certificates (absent: the system's). */
    tls: KafkaTls;
    /** The PEM of that CA, for a partner system on another machine. */
    caCertificate?: string;
    inbound: string;
    deliver: string;
    rejections: string;
  };
  token: string;
  file: string;
}

function parseSector(value: string): PartnerSector {
  if (!PARTNER_SECTORS.includes(value as PartnerSector)) {
    throw new Error(`--sector "${value}" is not one of ${PARTNER_SECTORS.join(', ')}`);
  }
  return value as PartnerSector;
}

/**
 * Onboards a partner in one step. Re-running it for the same id rotates the
 * partner's Kafka password and token (and keeps its topics and data).
 */
export async function addPartner(
  conn: AdminConnection,
  input: { id: string; sector: string; name?: string; areas?: readonly string[] },
  options: { issuer?: LocalIssuer; credentialsDir?: string } = {},
): Promise<OnboardedPartner> {
  assertPartnerId(input.id);
  const sector = parseSector(input.sector);
  const topics = topicsFor(conn.namespace);
  const coverage = (input.areas ?? []).map((area, index) => parseCoverageArea(input.id, index, area));
  const entry = {
    id: input.id,
    name: input.name ?? input.id,
    sector,
    ...(coverage.length > 0 ? { coverage } : {}),
  };
  await provision(conn.kafka, conn.admin, {
    namespace: conn.namespace,
    partners: [entry],
    partitions: 3,
    replicationFactor: 1,
    acls: true,
  });
  if (!conn.access.sasl) throw new Error('partner onboarding needs an admin with SASL/SCRAM credentials');
  const password = randomBytes(18).toString('base64url');
  const username = partnerPrincipalName(input.id);
  upsertScramUser(conn.access, { username, password });

  const issuer = options.issuer ?? localIssuer(join(BEACON_DIR, 'keys'));
  const token = issuer.mint(
    { subject: `system:${input.id}`, partnerId: input.id, sector, roles: ['partner-system'] },
    PARTNER_TOKEN_TTL_SECONDS,
  );
  const partner: PartnerRecord = {
    ...entry,
    source: partnerSource(input.id),
    status: 'active',
    updatedAt: new Date().toISOString(),
  };
  const onboarded = {
    partner,
    kafka: {
      ...describeKafkaAccess(conn.access),
      sasl: { mechanism: 'scram-sha-256' as const, username, password },
      inbound: topics.inbound(input.id),
      deliver: topics.deliver(input.id),
      rejections: topics.rejections(input.id),
    },
    token,
  };
  const dir = options.credentialsDir ?? join(BEACON_DIR, 'partners');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${input.id}.json`);
  writeFileSync(file, JSON.stringify(onboarded, null, 2), { mode: 0o600 });
  return { ...onboarded, file };
}

/** A partner's coverage as `--area` takes it (`GB/Westshire, GB/Midshire`), or `everywhere`. */
export function formatCoverage(coverage: PartnerRecord['coverage']): string {
  if (coverage === undefined) return 'everywhere';
  return coverage.map((a) => [a.country, a.region, a.locality].filter(Boolean).join('/')).join(', ');
}

/** Every partner in the directory, removed ones included. */
export async function listPartners(conn: AdminConnection): Promise<PartnerRecord[]> {
  const topics = topicsFor(conn.namespace);
  const directory = new PartnerDirectory(
    conn.kafka,
    conn.admin,
    topics.partners,
    `${topics.consumerGroup('cli')}.directory`,
  );
  try {
    await directory.start();
    return directory.all();
  } finally {
    await directory.stop();
  }
}

/** The ACL filters that match every ACL of one principal. */
function principalFilter(principal: string) {
  return {
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    host: '*',
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  };
}

/**
 * Offboards a partner: its principal loses its credential and every ACL at
 * once, and the directory marks it removed so no app routes to it. Its topics
 * stay (their data may be under a retention duty) unless `deleteTopics`.
 */
export async function removePartner(
  conn: AdminConnection,
  id: string,
  options: { deleteTopics?: boolean } = {},
) {
  assertPartnerId(id);
  const topics: TopicRegistry = topicsFor(conn.namespace);
  const current = (await listPartners(conn)).find((p) => p.id === id);
  if (!current) throw new Error(`no partner "${id}" in the directory of namespace ${conn.namespace}`);
  const principal = `User:${partnerPrincipalName(id)}`;
  await conn.admin.deleteAcls({ filters: [principalFilter(principal)] });
  if (conn.access.sasl) deleteScramUser(conn.access, partnerPrincipalName(id));
  const producer = conn.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await publishPartner(producer, topics.partners, {
      ...current,
      status: 'removed',
      updatedAt: new Date().toISOString(),
    });
  } finally {
    await producer.disconnect();
  }
  if (options.deleteTopics) {
    await conn.admin.deleteTopics({
      topics: [topics.inbound(id), topics.deliver(id), topics.rejections(id)],
    });
  }
  rmSync(join(BEACON_DIR, 'partners', `${id}.json`), { force: true });
  return {
    removed: id,
    aclsRevoked: partnerAclEntries(id, topics).length,
    topicsDeleted: Boolean(options.deleteTopics),
  };
}
