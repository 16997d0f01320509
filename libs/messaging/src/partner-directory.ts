import type { Admin, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { assertPartnerId } from './topics';
import { TopicFollower } from './topic-follower';

export const PARTNER_SECTORS = [
  'law-enforcement',
  'health-care',
  'ngo',
  'education',
  'social-services',
] as const;
export type PartnerSector = (typeof PARTNER_SECTORS)[number];

/** One partner as the directory knows it. */
export interface PartnerRecord {
  id: string;
  name: string;
  sector: PartnerSector;
  /** The CloudEvents source its events carry. */
  source: string;
  status: 'active' | 'removed';
  updatedAt: string;
}

/** Checks a partner record; throws with the field that is wrong. */
export function assertPartnerRecord(value: unknown): asserts value is PartnerRecord {
  const record = value as Partial<PartnerRecord>;
  if (typeof record?.id !== 'string') throw new Error('partner record: id is missing');
  assertPartnerId(record.id);
  if (typeof record.name !== 'string' || record.name.trim() === '')
    throw new Error(`partner ${record.id}: name is missing`);
  if (!PARTNER_SECTORS.includes(record.sector as PartnerSector)) {
    throw new Error(
      `partner ${record.id}: sector "${String(record.sector)}" is not one of ${PARTNER_SECTORS.join(', ')}`,
    );
  }
  if (record.status !== 'active' && record.status !== 'removed')
    throw new Error(`partner ${record.id}: status is not active or removed`);
}

/** Writes a partner's current record (the directory topic is compacted by partner id). */
export async function publishPartner(
  producer: Producer,
  topic: string,
  record: PartnerRecord,
): Promise<void> {
  assertPartnerRecord(record);
  await producer.send({ topic, acks: -1, messages: [{ key: record.id, value: JSON.stringify(record) }] });
}

/**
 * The partner directory: who the partners are and their sectors, rebuilt
 * from the compacted directory topic and kept current while the app runs.
 */
export class PartnerDirectory {
  private readonly partners = new Map<string, PartnerRecord>();
  private readonly follower: TopicFollower;

  constructor(kafka: Kafka, admin: Admin, topic: string, groupId: string) {
    this.follower = new TopicFollower(kafka, admin, { topic, groupId, onRecord: (m) => this.apply(m) });
  }

  private apply(message: KafkaMessage): void {
    if (!message.key) return;
    if (!message.value) {
      this.partners.delete(message.key.toString());
      return;
    }
    const record = JSON.parse(message.value.toString()) as unknown;
    assertPartnerRecord(record);
    this.partners.set(record.id, record);
  }

  async start() {
    return this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  /** The active partner with this id, if any. */
  get(id: string): PartnerRecord | undefined {
    const record = this.partners.get(id);
    return record?.status === 'active' ? record : undefined;
  }

  /** Every partner, removed ones included, by id. */
  all(): PartnerRecord[] {
    return [...this.partners.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  active(): PartnerRecord[] {
    return this.all().filter((p) => p.status === 'active');
  }
}
