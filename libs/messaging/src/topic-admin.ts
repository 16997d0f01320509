import type { Admin } from 'kafkajs';
import type { TopicSpec } from './topics';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics that do not exist yet, with the configured partitions
 * and replication and each topic's own settings, and waits for their
 * leaders. Returns the names created.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly (string | TopicSpec)[],
  settings: TopicSettings,
): Promise<string[]> {
  const specs = new Map<string, TopicSpec>();
  for (const topic of topics) {
    const spec = typeof topic === 'string' ? { name: topic, config: {} } : topic;
    if (!specs.has(spec.name)) specs.set(spec.name, spec);
  }
  const existing = new Set(await admin.listTopics());
  const missing = [...specs.values()].filter((spec) => !existing.has(spec.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which KRaft
    // answers until the new topic's metadata has propagated; we wait ourselves.
    waitForLeaders: false,
    topics: missing.map((spec) => ({
      topic: spec.name,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
    })),
  });
  const names = missing.map((spec) => spec.name);
  await waitForLeaders(admin, names);
  return names;
}

/** Waits until every partition of `topics` has a leader. */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      ) {
        return;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms (${(last as Error)?.message ?? 'no error'})`,
  );
}

/** Deletes every topic of a namespace (tests clean up after themselves with it). */
export async function deleteNamespaceTopics(admin: Admin, namespace: string): Promise<string[]> {
  const mine = (await admin.listTopics()).filter((name) => name.startsWith(`${namespace}.`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  return mine;
}
