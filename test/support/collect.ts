import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { decodeCloudEvent, type CloudEvent } from '@beacon/messaging';

export interface Collected {
  message: KafkaMessage;
  topic: string;
  partition: number;
  event: CloudEvent;
}

/**
 * Reads a topic from the beginning, read-committed, in a throwaway group,
 * until `count` records have arrived (or `until` holds), then keeps listening for `settleMs`
 * so that a duplicate or an extra record would be seen too.
 */
export async function collect(
  kafka: Kafka,
  topic: string | string[],
  options: {
    /** Stop waiting once this many records arrived… */
    count?: number;
    /** …or once this holds of what arrived. */
    until?: (seen: readonly Collected[]) => boolean;
    groupId?: string;
    settleMs?: number;
    timeoutMs?: number;
  },
): Promise<Collected[]> {
  const consumer = kafka.consumer({
    groupId: options.groupId ?? `collect-${randomUUID()}`,
    readUncommitted: false,
  });
  const seen: Collected[] = [];
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (reached = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: Array.isArray(topic) ? topic : [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition, topic: from }) => {
        const decoded = decodeCloudEvent(message);
        if (!decoded.ok) throw new Error(`not a CloudEvent on ${from}: ${JSON.stringify(decoded.errors)}`);
        seen.push({ message, topic: from, partition, event: decoded.event });
        if ((options.count !== undefined && seen.length >= options.count) || options.until?.(seen)) reached();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      enough,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 60_000))),
    ]);
    clearTimeout(timer);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 1500));
    return [...seen];
  } finally {
    await consumer.disconnect();
  }
}
