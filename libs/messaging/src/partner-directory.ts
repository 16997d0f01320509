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

/**
 * Where a partner stands. `suspended` is reversible (`beacon partner
 * reinstate`); `removed` is not (the id may only be onboarded again). Only an
 * `active` partner may call the gateway, publish, or receive deliveries.
 */
export const PARTNER_STATUSES = ['active', 'suspended', 'removed'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** One partner as the directory knows it. */
export interface PartnerRecord {
  id: string;
  name: string;
  sector: PartnerSector;
  /** The CloudEvents source its events carry. */
  source: string;
  status: PartnerStatus;
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
  if (!PARTNER_STATUSES.includes(record.status as PartnerStatus))
    throw new Error(
      `partner ${record.id}: status "${String(record.status)}" is not one of ${PARTNER_STATUSES.join(', ')}`,
    );
  if (record.coverage !== undefined) {
    if (!Array.isArray(record.coverage) || record.coverage.length === 0)
      throw new Error(`partner ${record.id}: coverage must be a non-empty list of areas, or absent`);
    record.coverage.forEach((area, index) => assertCoverageArea(record.id as string, index, area));
  }
}

/** Whether a partner may act now, and if not, why (in words fit for a refusal the partner reads). */
export type PartnerStanding =
  | { readonly active: true; readonly partner: PartnerRecord }
  | {
      readonly active: false;
      readonly partnerId: string;
      readonly status: Exclude<PartnerStatus, 'active'> | 'unknown';
      readonly reason: string;
    };

/**
 * Decides a partner's standing from its directory record (undefined when the
 * directory has none). Fails closed: an id the directory does not know is
 * not active, so a token or a topic of a partner never onboarded, or whose
 * record was deleted, is refused like a removed one.
 */
export function partnerStanding(partnerId: string, record: PartnerRecord | undefined): PartnerStanding {
  if (record === undefined)
    return {
      active: false,
      partnerId,
      status: 'unknown',
      reason: `partner ${partnerId} is not in the partner directory`,
    };
  switch (record.status) {
    case 'active':
      return { active: true, partner: record };
    case 'suspended':
    case 'removed':
      return {
        active: false,
        partnerId,
        status: record.status,
        reason: `partner ${partnerId} is ${record.status}`,
      };
    default: {
      const unexpected: never = record.status;
      throw new Error(`unexpected partner status ${String(unexpected)}`);
    }
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
  private readonly listeners = new Set<(partnerId: string) => void>();

  constructor(kafka: Kafka, admin: Admin, topic: string, groupId: string) {
    this.follower = new TopicFollower(kafka, admin, { topic, groupId, onRecord: (m) => this.apply(m) });
  }

  private apply(message: KafkaMessage): void {
    if (!message.key) return;
    const id = message.key.toString();
    if (!message.value) {
      this.partners.delete(id);
    } else {
      const record = JSON.parse(message.value.toString()) as unknown;
      assertPartnerRecord(record);
      this.partners.set(record.id, record);
    }
    for (const listener of this.listeners) listener(id);
  }

  /**
   * Calls `listener` with the partner's id after each record is applied
   * (also while catching up at start); returns the unsubscribe function.
   * Listeners run inside the consumer's loop, so they must be quick and must not throw.
   */
  onChange(listener: (partnerId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

  /** Whether the partner may act now; see {@link partnerStanding}. */
  standing(id: string): PartnerStanding {
    return partnerStanding(id, this.partners.get(id));
  }

  /** Every partner, suspended and removed ones included, by id. */
  all(): PartnerRecord[] {
    return [...this.partners.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  active(): PartnerRecord[] {
    return this.all().filter((p) => p.status === 'active');
  }
}
