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
  /**
   * The areas the partner serves (country, optionally region and locality).
   * Routing rules with `withinCoverage` deliver an event only to partners
   * whose coverage includes its place; without coverage a partner serves everywhere.
   */
  coverage?: CoverageArea[];
}

/** An area a partner serves: ISO 3166-1 alpha-2 country, optionally narrowed to a region and a locality. */
export interface CoverageArea {
  country: string;
  region?: string;
  locality?: string;
}

/** Checks one coverage area; throws naming the partner and the field. */
export function assertCoverageArea(
  partnerId: string,
  index: number,
  value: unknown,
): asserts value is CoverageArea {
  const area = value as Partial<CoverageArea> | null;
  const where = `partner ${partnerId}: coverage[${index}]`;
  if (typeof area !== 'object' || area === null) throw new Error(`${where} is not an object`);
  if (typeof area.country !== 'string' || !/^[A-Z]{2}$/.test(area.country))
    throw new Error(
      `${where}.country "${String(area.country)}" is not an ISO 3166-1 alpha-2 code such as GB`,
    );
  for (const key of ['region', 'locality'] as const) {
    const part = area[key];
    if (part !== undefined && (typeof part !== 'string' || part.trim() === '' || part.length > 100))
      throw new Error(`${where}.${key} must be a non-empty name of at most 100 characters`);
  }
  if (area.locality !== undefined && area.region === undefined)
    throw new Error(`${where}: a locality needs its region`);
  const extra = Object.keys(area).filter((k) => !['country', 'region', 'locality'].includes(k));
  if (extra.length > 0) throw new Error(`${where} has unknown fields: ${extra.join(', ')}`);
}

/**
 * Parses a coverage area written as `COUNTRY[/REGION[/LOCALITY]]`, e.g.
 * `GB/Westshire/Eastbrook` (the CLI's `--area`).
 */
export function parseCoverageArea(partnerId: string, index: number, text: string): CoverageArea {
  const [country, region, locality, ...rest] = text.split('/').map((part) => part.trim());
  if (rest.length > 0) throw new Error(`--area "${text}" has more than country/region/locality`);
  const area: CoverageArea = {
    country: country ?? '',
    ...(region ? { region } : {}),
    ...(locality ? { locality } : {}),
  };
  assertCoverageArea(partnerId, index, area);
  return area;
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
  if (record.coverage !== undefined) {
    if (!Array.isArray(record.coverage) || record.coverage.length === 0)
      throw new Error(`partner ${record.id}: coverage must be a non-empty list of areas, or absent`);
    record.coverage.forEach((area, index) => assertCoverageArea(record.id as string, index, area));
  }
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
