/**
 * The one registry of Beacon's Kafka topic names. No topic string is typed
 * anywhere else: apps, scripts and tests ask this module.
 *
 * Every name starts with a namespace (`beacon` in production). End-to-end
 * suites pick their own namespace so that they can run side by side on one
 * broker and leave nothing behind; ACLs are granted per namespace.
 */

const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;
const PARTNER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The default namespace; gives exactly the names in the design document. */
export const DEFAULT_TOPIC_NAMESPACE = 'beacon';

export type TopicKind = 'inbound' | 'events' | 'deliver' | 'rejections' | 'audit';

/** Throws when `partnerId` cannot be part of a topic name. */
export function assertPartnerId(partnerId: string): void {
  if (!PARTNER_ID_PATTERN.test(partnerId)) {
    throw new Error(
      `partner id "${partnerId}" is not valid: use 2-63 lower-case letters, digits or hyphens, starting with a letter or digit`,
    );
  }
}

/** Throws when `namespace` cannot prefix topic names. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(
      `topic namespace "${namespace}" is not valid: use 1-31 lower-case letters, digits or hyphens, starting with a letter`,
    );
  }
}

/** Topic names of one namespace. */
export interface TopicRegistry {
  readonly namespace: string;
  /** Raw, untrusted events from one partner; only that partner may write. */
  inbound(partnerId: string): string;
  /** Prefix shared by every inbound topic (for prefixed ACLs and subscriptions). */
  readonly inboundPrefix: string;
  /** The canonical log, keyed by subject id. */
  readonly events: string;
  /** What one partner may see, nothing else. */
  deliver(partnerId: string): string;
  readonly deliverPrefix: string;
  /** Why each refused event of one partner was refused. */
  rejections(partnerId: string): string;
  readonly rejectionsPrefix: string;
  /** One disclosure or access record per delivery or read. */
  readonly audit: string;
  /** The partner directory: one record per partner (id, name, sector), compacted by id. */
  readonly partners: string;
  /** Intake's changelog of admitted (source, id) pairs: replays are recognised after a restart. */
  readonly intakeDedupe: string;
  /** Consumer group id of an app, namespaced like its topics. */
  consumerGroup(app: string): string;
  /** Transactional id prefix of an app's transactional producers. */
  transactionalIdPrefix(app: string): string;
}

/** Builds the registry for a namespace (default `beacon`). */
export function topicsFor(namespace: string = DEFAULT_TOPIC_NAMESPACE): TopicRegistry {
  assertNamespace(namespace);
  const perPartner = (kind: TopicKind) => (partnerId: string) => {
    assertPartnerId(partnerId);
    return `${namespace}.${kind}.${partnerId}`;
  };
  return {
    namespace,
    inbound: perPartner('inbound'),
    inboundPrefix: `${namespace}.inbound.`,
    events: `${namespace}.events`,
    deliver: perPartner('deliver'),
    deliverPrefix: `${namespace}.deliver.`,
    rejections: perPartner('rejections'),
    rejectionsPrefix: `${namespace}.rejections.`,
    audit: `${namespace}.audit`,
    intakeDedupe: `${namespace}.intake.dedupe`,
    partners: `${namespace}.partners`,
    consumerGroup: (app) => `${namespace}.${app}`,
    transactionalIdPrefix: (app) => `${namespace}.${app}.tx`,
  };
}

/** Every topic a namespace needs for the given partners. */
export function allTopics(registry: TopicRegistry, partnerIds: readonly string[]): string[] {
  return topicSpecs(registry, partnerIds).map((spec) => spec.name);
}

/** A topic and the settings that differ from the broker's defaults. */
export interface TopicSpec {
  name: string;
  config: Record<string, string>;
}

// Partners may send bodies up to 1 MiB (intake refuses bigger ones with a
// reason); the broker must accept them first, headers included.
const INBOUND_MAX_MESSAGE_BYTES = String(4 * 1024 * 1024);
const CANONICAL_MAX_MESSAGE_BYTES = String(2 * 1024 * 1024);
const DEDUPE_RETENTION_MS = String(7 * 24 * 3600 * 1000);

/** Every topic of a namespace with its settings. */
export function topicSpecs(registry: TopicRegistry, partnerIds: readonly string[]): TopicSpec[] {
  const canonical = { 'max.message.bytes': CANONICAL_MAX_MESSAGE_BYTES };
  const perPartner = partnerIds.flatMap((id) => [
    { name: registry.inbound(id), config: { 'max.message.bytes': INBOUND_MAX_MESSAGE_BYTES } },
    { name: registry.deliver(id), config: canonical },
    { name: registry.rejections(id), config: {} as Record<string, string> },
  ]);
  return [
    { name: registry.events, config: canonical },
    { name: registry.audit, config: canonical },
    { name: registry.partners, config: { 'cleanup.policy': 'compact' } },
    // Compacted: the newest entry per (source, id) is all a restart needs; old ones expire with the window.
    {
      name: registry.intakeDedupe,
      config: { 'cleanup.policy': 'compact,delete', 'retention.ms': DEDUPE_RETENTION_MS },
    },
    ...perPartner,
  ];
}
