/**
 * Realistic, varied traffic for the benchmark and the fault harness:
 * simulated partners of every sector publish alerts, referrals and tips
 * built from the schema examples, each about a new subject, each with the
 * originator set to the partner that sends it (as intake requires).
 */
import { randomUUID } from 'node:crypto';
import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import {
  admitInboundRecord,
  encodeCloudEvent,
  partnerSource,
  PARTNER_SECTORS,
  type CloudEvent,
  type PartnerSector,
} from '@beacon/messaging';

/** A partner the load is sent as. */
export interface LoadPartner {
  id: string;
  sector: PartnerSector;
}

/** An event and the partner whose inbound topic it goes to. */
export interface OutboundEvent {
  partnerId: string;
  event: CloudEvent<Record<string, unknown>>;
}

/** The event types partners publish themselves (status changes come from the referrals service). */
const PARTNER_TYPES = [
  'org.beacon.alert.raised.v1',
  'org.beacon.alert.raised.v2',
  'org.beacon.referral.created.v1',
  'org.beacon.tip.submitted.v1',
] as const;

const URGENCIES = ['routine', 'priority', 'urgent', 'emergency'] as const;

/**
 * The simulated partners: the shipped demo partners (one per sector) first,
 * then more of each sector in turn (`<sector>-<n>`), up to `count`.
 */
export function loadPartners(
  count: number,
  shipped: readonly { id: string; sector: PartnerSector }[],
): LoadPartner[] {
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`--partners must be an integer ≥ 2, got ${count}`);
  const partners: LoadPartner[] = shipped.slice(0, count).map((p) => ({ id: p.id, sector: p.sector }));
  for (let n = 2; partners.length < count; n += 1) {
    for (const sector of PARTNER_SECTORS) {
      if (partners.length >= count) break;
      partners.push({ id: `${sector}-${n}`, sector });
    }
  }
  return partners;
}

interface Template {
  type: string;
  payload: Record<string, unknown>;
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointer.split('/').slice(1);
  let node = target;
  for (const token of tokens.slice(0, -1)) {
    if (node[token] === null || typeof node[token] !== 'object') node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens[tokens.length - 1]!] = value;
}

/**
 * Makes event number `n` of a run: partners take turns, each sends the
 * example types in turn, and every event is about a subject of its own
 * (fresh subject id, varied urgency and name) so no cache sees it twice.
 */
export class EventFactory {
  private readonly templates: Template[];
  private readonly registry: SchemaRegistry;

  constructor(readonly partners: readonly LoadPartner[]) {
    this.registry = SchemaRegistry.load();
    this.templates = loadExamples()
      .filter((e) => (PARTNER_TYPES as readonly string[]).includes(e.type))
      .map((e) => ({ type: e.type, payload: e.payload as Record<string, unknown> }));
    if (this.templates.length === 0) throw new Error('no partner event examples under schemas/examples');
  }

  /** Event `n`, with `time` (ce_time) = `sentAt`, the publish-to-delivery clock's start. */
  make(n: number, sentAt: Date = new Date()): OutboundEvent {
    const partner = this.partners[n % this.partners.length]!;
    const template = this.templates[Math.floor(n / this.partners.length) % this.templates.length]!;
    const data = withOriginator(template.type, structuredClone(template.payload), partner.id);
    const subjectId = randomUUID();
    const subject = data.subject as Record<string, unknown> | undefined;
    if (subject && typeof subject === 'object') {
      subject.subjectId = subjectId;
      if (typeof subject.givenName === 'string') subject.givenName = `${subject.givenName}${n.toString(36)}`;
    }
    // Tips name the (possible) victim at the top level.
    if (typeof data.subjectId === 'string') data.subjectId = subjectId;
    if (typeof data.urgency === 'string') data.urgency = URGENCIES[n % URGENCIES.length];
    if (template.type.startsWith('org.beacon.referral.created.')) {
      // Addressed to a partner of another sector, so the referral always has a recipient.
      const to =
        this.partners.find((p, i) => p.sector !== partner.sector && i % 3 === n % 3) ??
        this.partners.find((p) => p.sector !== partner.sector)!;
      setAt(data, '/to/organisation/partnerId', to.id);
      setAt(data, '/to/organisation/sector', to.sector);
      setAt(data, '/referralId', randomUUID());
    }
    const event: CloudEvent<Record<string, unknown>> = {
      id: randomUUID(),
      source: partnerSource(partner.id),
      type: template.type,
      specversion: '1.0',
      time: sentAt.toISOString(),
      subject: subjectId,
      datacontenttype: 'application/json',
      dataschema: this.registry.dataschemaFor(template.type),
      correlationid: randomUUID(),
      data,
    };
    return { partnerId: partner.id, event };
  }

  /** The reasons intake would refuse event `n` (none: the load must be all good events). */
  refusals(n: number): string[] {
    const { partnerId, event } = this.make(n);
    const m = encodeCloudEvent(event);
    const admitted = admitInboundRecord(
      { key: m.key as string, value: Buffer.from(m.value as string), headers: m.headers },
      { partnerId, registry: this.registry },
    );
    return admitted.ok ? [] : admitted.reasons.map((r) => `${event.type} ${r.pointer}: ${r.message}`);
  }
}
