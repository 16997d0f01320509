/**
 * Onboarding, suspension, reinstatement and offboarding of partner systems,
 * as the Kafka admin: topics, a SCRAM principal with only its own ACLs, the
 * directory record, and an API token for the gateway.
 *
 * Taking access away (suspend, remove) writes the directory record first:
 * the gateway and intake follow the directory live and refuse the partner
 * as soon as they read it, so even a command cut short half-way leaves the
 * partner refused. Then its ACLs go (Kafka checks them on every request, so a
 * connection that is already open is refused too), then its SCRAM
 * credential (no new login).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
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
  waitForAcls,
  type PartnerRecord,
  type PartnerSector,
  type KafkaTls,
  type TopicRegistry,
} from '@beacon/messaging';
import { ensurePrivateDir, writeSecretFile } from '@beacon/platform';
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

/** Where credentials files go and which issuer mints tokens (the stack's own by default). */
export interface CredentialOptions {
  issuer?: LocalIssuer;
  /** Default `.beacon/partners/`. */
  credentialsDir?: string;
}

function credentialsDirOf(options: CredentialOptions): string {
  return options.credentialsDir ?? join(BEACON_DIR, 'partners');
}

/**
 * Onboards a partner in one step. Re-running it for the same id rotates the
 * partner's Kafka password and token (and keeps its topics and data); it
 * also brings back a removed partner, as active.
 */
export async function addPartner(
  conn: AdminConnection,
  input: { id: string; sector: string; name?: string; areas?: readonly string[] },
  options: CredentialOptions = {},
): Promise<OnboardedPartner> {
  assertPartnerId(input.id);
  const sector = parseSector(input.sector);
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
  const partner: PartnerRecord = {
    ...entry,
    source: partnerSource(input.id),
    status: 'active',
    updatedAt: new Date().toISOString(),
  };
  return issueCredentials(conn, partner, options);
}

/**
 * Gives a partner a new Kafka password and a new partner-system token, and
 * writes both to its credentials file (mode 0600), never to the terminal.
 */
function issueCredentials(
  conn: AdminConnection,
  partner: PartnerRecord,
  options: CredentialOptions,
): OnboardedPartner {
  if (!conn.access.sasl) throw new Error('partner credentials need an admin with SASL/SCRAM credentials');
  const topics = topicsFor(conn.namespace);
  const password = randomBytes(18).toString('base64url');
  const username = partnerPrincipalName(partner.id);
  upsertScramUser(conn.access, { username, password });

  const issuer = options.issuer ?? localIssuer(join(BEACON_DIR, 'keys'));
  const token = issuer.mint(
    {
      subject: `system:${partner.id}`,
      partnerId: partner.id,
      sector: partner.sector,
      roles: ['partner-system'],
    },
    PARTNER_TOKEN_TTL_SECONDS,
  );
  const onboarded = {
    partner,
    kafka: {
      ...describeKafkaAccess(conn.access),
      sasl: { mechanism: 'scram-sha-256' as const, username, password },
      inbound: topics.inbound(partner.id),
      deliver: topics.deliver(partner.id),
      rejections: topics.rejections(partner.id),
    },
    token,
  };
  const dir = credentialsDirOf(options);
  ensurePrivateDir(dir);
  const file = join(dir, `${partner.id}.json`);
  writeSecretFile(file, JSON.stringify(onboarded, null, 2));
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

/** The partner's directory record; throws when the directory has none. */
async function currentRecord(conn: AdminConnection, id: string): Promise<PartnerRecord> {
  assertPartnerId(id);
  const current = (await listPartners(conn)).find((p) => p.id === id);
  if (!current) throw new Error(`no partner "${id}" in the directory of namespace ${conn.namespace}`);
  return current;
}

/** The record with a new status, as of now. */
function withStatus(current: PartnerRecord, status: PartnerRecord['status']): PartnerRecord {
  return { ...current, status, updatedAt: new Date().toISOString() };
}

async function publishRecord(conn: AdminConnection, record: PartnerRecord): Promise<void> {
  const producer = conn.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await publishPartner(producer, topicsFor(conn.namespace).partners, record);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Takes the partner's Kafka access away: every ACL of its principal (which
 * bites at once, on open connections too), then its SCRAM credential (no
 * new login). Safe to repeat: a credential already gone is not an error.
 */
async function revokeKafkaAccess(conn: AdminConnection, id: string): Promise<number> {
  const principal = `User:${partnerPrincipalName(id)}`;
  const { filterResponses } = await conn.admin.deleteAcls({ filters: [principalFilter(principal)] });
  if (conn.access.sasl) deleteScramUser(conn.access, partnerPrincipalName(id), { ifExists: true });
  return filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
}

/**
 * Suspends a partner, reversibly: the directory marks it suspended (the
 * gateway refuses its tokens and ends its inbox streams, intake refuses
 * what it publishes, redaction delivers nothing to it), then its Kafka ACLs
 * and SCRAM credential are deleted and its credentials file too. Its topics,
 * deliveries and audit history stay. {@link reinstatePartner} undoes it
 * with a new password and token.
 */
export async function suspendPartner(conn: AdminConnection, id: string, options: CredentialOptions = {}) {
  const current = await currentRecord(conn, id);
  if (current.status === 'removed')
    throw new Error(`partner "${id}" was removed; there is nothing to suspend`);
  await publishRecord(conn, withStatus(current, 'suspended'));
  const aclsRevoked = await revokeKafkaAccess(conn, id);
  rmSync(join(credentialsDirOf(options), `${id}.json`), { force: true });
  return { suspended: id, aclsRevoked };
}

/**
 * Reinstates a suspended partner: its ACLs come back, then a new Kafka
 * password and a new partner-system token (written to its credentials file,
 * mode 0600), then the directory marks it active, and the gateway and intake
 * accept it again. Tokens it held before the suspension are accepted again
 * too, until they expire: suspension refuses a partner, it does not revoke
 * its tokens one by one. A removed partner is not reinstated; `partner add`
 * onboards it again.
 */
export async function reinstatePartner(
  conn: AdminConnection,
  id: string,
  options: CredentialOptions = {},
): Promise<OnboardedPartner> {
  const current = await currentRecord(conn, id);
  if (current.status === 'removed')
    throw new Error(`partner "${id}" was removed; onboard it again with \`beacon partner add\``);
  if (current.status === 'active')
    throw new Error(`partner "${id}" is active; there is nothing to reinstate`);
  const acl = partnerAclEntries(id, topicsFor(conn.namespace));
  await conn.admin.createAcls({ acl });
  await waitForAcls(conn.admin, acl);
  const reinstated = withStatus(current, 'active');
  const onboarded = issueCredentials(conn, reinstated, options);
  await publishRecord(conn, reinstated);
  return onboarded;
}

/**
 * Offboards a partner for good: the directory marks it removed (no app
 * routes to it or accepts it again), its principal loses every ACL and its
 * credential, and its credentials file is deleted. Its topics stay (their
 * data may be under a retention duty) unless `deleteTopics`; its audit
 * history stays in any case. Safe to repeat.
 */
export async function removePartner(
  conn: AdminConnection,
  id: string,
  options: { deleteTopics?: boolean } & CredentialOptions = {},
) {
  const topics: TopicRegistry = topicsFor(conn.namespace);
  const current = await currentRecord(conn, id);
  await publishRecord(conn, withStatus(current, 'removed'));
  await revokeKafkaAccess(conn, id);
  if (options.deleteTopics) {
    await conn.admin.deleteTopics({
      topics: [topics.inbound(id), topics.deliver(id), topics.rejections(id)],
    });
  }
  rmSync(join(credentialsDirOf(options), `${id}.json`), { force: true });
  return {
    removed: id,
    aclsRevoked: partnerAclEntries(id, topics).length,
    topicsDeleted: Boolean(options.deleteTopics),
  };
}
