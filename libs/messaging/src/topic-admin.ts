import type { Admin } from 'kafkajs';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics that do not exist yet, with the configured partitions
 * and replication, and waits for their leaders. Returns the names created.
 */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  settings: TopicSettings,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names)].filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
    })),
  });
  return missing;
}

/** Deletes every topic of a namespace (tests clean up after themselves with it). */
export async function deleteNamespaceTopics(admin: Admin, namespace: string): Promise<string[]> {
  const mine = (await admin.listTopics()).filter((name) => name.startsWith(`${namespace}.`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  return mine;
}
