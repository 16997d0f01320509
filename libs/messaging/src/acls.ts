import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type Admin,
} from 'kafkajs';
import type { TopicRegistry } from './topics';

/** Beacon's services; each has its own Kafka principal. */
export const BEACON_APPS = ['gateway', 'intake', 'redaction', 'referrals', 'audit'] as const;
export type BeaconApp = (typeof BEACON_APPS)[number];

/** The SCRAM user name of an app's principal. */
export function appPrincipalName(app: BeaconApp): string {
  return `beacon-${app}`;
}

type Access = 'read' | 'write';

interface Grant {
  resource: 'topic' | 'group' | 'transactional-id';
  name: string;
  prefixed: boolean;
  access: Access[];
}

/**
 * What each app may do, and nothing more. Reading implies describing, so
 * consumers need no separate DESCRIBE grant.
 */
export function grantsFor(app: BeaconApp, topics: TopicRegistry): Grant[] {
  const group: Grant = {
    resource: 'group',
    name: topics.consumerGroup(app),
    prefixed: true,
    access: ['read'],
  };
  const directory: Grant = { resource: 'topic', name: topics.partners, prefixed: false, access: ['read'] };
  switch (app) {
    case 'intake':
      return [
        { resource: 'topic', name: topics.inboundPrefix, prefixed: true, access: ['read'] },
        // Records of a partner that is not active are refused.
        directory,
        { resource: 'topic', name: topics.events, prefixed: false, access: ['write'] },
        { resource: 'topic', name: topics.rejectionsPrefix, prefixed: true, access: ['write'] },
        { resource: 'topic', name: topics.intakeDedupe, prefixed: false, access: ['read', 'write'] },
        {
          resource: 'transactional-id',
          name: topics.transactionalIdPrefix(app),
          prefixed: true,
          access: ['write'],
        },
        group,
      ];
    case 'redaction':
      return [
        { resource: 'topic', name: topics.events, prefixed: false, access: ['read'] },
        { resource: 'topic', name: topics.deliverPrefix, prefixed: true, access: ['write'] },
        { resource: 'topic', name: topics.audit, prefixed: false, access: ['write'] },
        {
          resource: 'transactional-id',
          name: topics.transactionalIdPrefix(app),
          prefixed: true,
          access: ['write'],
        },
        directory,
        group,
      ];
    case 'referrals':
      return [
        { resource: 'topic', name: topics.events, prefixed: false, access: ['read', 'write'] },
        directory,
        group,
      ];
    case 'audit':
      return [{ resource: 'topic', name: topics.audit, prefixed: false, access: ['read'] }, group];
    case 'gateway':
      return [
        // HTTP ingest writes to the calling partner's inbound topic.
        { resource: 'topic', name: topics.inboundPrefix, prefixed: true, access: ['write'] },
        { resource: 'topic', name: topics.events, prefixed: false, access: ['write'] },
        { resource: 'topic', name: topics.audit, prefixed: false, access: ['write'] },
        // The case-worker inbox streams from delivery topics.
        { resource: 'topic', name: topics.deliverPrefix, prefixed: true, access: ['read'] },
        directory,
        group,
      ];
    default: {
      const unknown: never = app;
      throw new Error(`no grants defined for app ${String(unknown)}`);
    }
  }
}

const RESOURCE_TYPES = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
} as const;

/** Kafka ACL entries for an app's grants. */
export function aclEntriesFor(app: BeaconApp, topics: TopicRegistry): AclEntry[] {
  const principal = `User:${appPrincipalName(app)}`;
  return grantsFor(app, topics).flatMap((grant) =>
    grant.access.map((access) => ({
      resourceType: RESOURCE_TYPES[grant.resource],
      resourceName: grant.name,
      resourcePatternType: grant.prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation: access === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/** Grants every app its ACLs in a namespace (idempotent: Kafka ignores duplicates), and waits until the broker applies them. */
export async function applyAppAcls(
  admin: Admin,
  topics: TopicRegistry,
  apps: readonly BeaconApp[] = BEACON_APPS,
) {
  const acl = apps.flatMap((app) => aclEntriesFor(app, topics));
  await admin.createAcls({ acl });
  await waitForAcls(admin, acl);
  return acl.length;
}

/** The SCRAM user name of a partner system's principal. */
export function partnerPrincipalName(partnerId: string): string {
  return `partner-${partnerId}`;
}

/**
 * A partner may write its own inbound topic and read its own delivery and
 * rejection topics; nothing else, not even another partner's names.
 */
export function partnerAclEntries(partnerId: string, topics: TopicRegistry): AclEntry[] {
  const principal = `User:${partnerPrincipalName(partnerId)}`;
  const entry = (
    resourceType: AclResourceTypes,
    resourceName: string,
    prefixed: boolean,
    operation: AclOperationTypes,
  ) => ({
    resourceType,
    resourceName,
    resourcePatternType: prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    principal,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return [
    entry(AclResourceTypes.TOPIC, topics.inbound(partnerId), false, AclOperationTypes.WRITE),
    entry(AclResourceTypes.TOPIC, topics.deliver(partnerId), false, AclOperationTypes.READ),
    entry(AclResourceTypes.TOPIC, topics.rejections(partnerId), false, AclOperationTypes.READ),
    entry(AclResourceTypes.GROUP, topics.consumerGroup(`partner.${partnerId}`), true, AclOperationTypes.READ),
  ];
}

/** One ACL entry as a comparable string. */
function aclKey(entry: AclEntry): string {
  return [
    entry.resourceType,
    entry.resourceName,
    entry.resourcePatternType,
    entry.principal,
    entry.host,
    entry.operation,
    entry.permissionType,
  ].join('|');
}

/**
 * Waits until the broker answers with every one of `entries`: ACLs reach the
 * authorizer through the metadata log a moment after CreateAcls returns, and
 * a client that connects in that moment is refused (for an idempotent
 * producer, as "Cluster authorization failed").
 */
export async function waitForAcls(admin: Admin, entries: readonly AclEntry[], timeoutMs = 15_000) {
  const wanted = new Set(entries.map(aclKey));
  const principals = [...new Set(entries.map((e) => e.principal))];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Set<string>();
    for (const principal of principals) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      for (const resource of resources)
        for (const acl of resource.acls) seen.add(aclKey({ ...resource, ...acl }));
    }
    const missing = [...wanted].filter((key) => !seen.has(key));
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${missing.length} ACLs were not visible on the broker after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
