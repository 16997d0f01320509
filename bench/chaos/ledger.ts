/**
 * The count at the end of a fault run, shared by `npm run chaos` and the
 * chaos end-to-end suite: per event, what was published, accepted onto the
 * canonical log, delivered to each recipient and audited in Postgres, judged
 * against what the routing SHOULD have delivered. Pure: readers gather the
 * observations, this decides what they mean.
 */
import { routeEvent, type Partner, type RoutableEvent, type RoutingFlow } from '@beacon/policy';

/** An event a partner published (its broker acknowledged the write), and who should receive it. */
export interface PublishedEvent {
  id: string;
  /** The partners the routing names for it ({@link expectedRecipients}). */
  expected: readonly string[];
}

/** A record seen on a delivery topic by a read-committed consumer. */
export interface SeenDelivery {
  /** The delivery's own id (ce_id). */
  id: string;
  /** The partner whose delivery topic it was on. */
  partnerId: string;
  /** The canonical event it delivers (ce_causationid). */
  eventId: string;
  /** Its disclosure record's id (ce_disclosureid). */
  disclosureId: string;
}

/** A row of the audit app's table. */
export interface AuditRow {
  recordId: string;
  eventId: string;
  partnerId: string;
  deliveryId: string;
}

export interface ChaosObservations {
  published: readonly PublishedEvent[];
  /** Ids of the events read (read-committed) on the canonical log, one entry per record. */
  accepted: readonly string[];
  deliveries: readonly SeenDelivery[];
  auditRows: readonly AuditRow[];
}

export interface ChaosCounts {
  published: number;
  accepted: number;
  /** (event, recipient) pairs the routing says must be delivered. */
  expectedDeliveries: number;
  delivered: number;
  audited: number;
  /** Published events not on the canonical log at all. */
  notAccepted: number;
  /** Events with at least one expected delivery missing. */
  eventsLost: number;
  /** Expected (event, recipient) pairs never delivered. */
  deliveriesLost: number;
  /** Deliveries to a partner the routing did not name. */
  unexpectedDeliveries: number;
  deliveriesWithoutAudit: number;
  auditWithoutDelivery: number;
  /** Extra copies of one canonical event on the log (read-committed). */
  duplicateAccepted: number;
  /** Extra copies of one delivery seen by a read-committed consumer. */
  duplicateDeliveries: number;
  /** A few ids of each non-zero finding, to start an investigation from. */
  examples: Record<string, string[]>;
}

/** The findings that must be zero for a run to pass. */
export const MUST_BE_ZERO = [
  'notAccepted',
  'eventsLost',
  'deliveriesLost',
  'unexpectedDeliveries',
  'deliveriesWithoutAudit',
  'auditWithoutDelivery',
  'duplicateAccepted',
  'duplicateDeliveries',
] as const satisfies readonly (keyof ChaosCounts)[];

/** The partners each event should reach, as the redaction service routes it (same policy, same partners). */
export function expectedRecipients(
  event: RoutableEvent,
  routing: readonly RoutingFlow[],
  partners: readonly Partner[],
): string[] {
  return routeEvent(event, routing, partners).recipients.map((r) => r.partnerId);
}

const pair = (eventId: string, partnerId: string) => `${eventId}\u0000${partnerId}`;

/** Counts what happened to every published event. */
export function countChaos(observations: ChaosObservations): ChaosCounts {
  const examples: Record<string, string[]> = {};
  const note = (finding: string, id: string) => {
    const list = (examples[finding] ??= []);
    if (list.length < 5) list.push(id);
  };

  const expected = new Set<string>();
  for (const event of observations.published)
    for (const partnerId of event.expected) expected.add(pair(event.id, partnerId));

  const acceptedCount = new Map<string, number>();
  for (const id of observations.accepted) acceptedCount.set(id, (acceptedCount.get(id) ?? 0) + 1);
  let duplicateAccepted = 0;
  for (const [id, count] of acceptedCount)
    if (count > 1) {
      duplicateAccepted += count - 1;
      note('duplicateAccepted', id);
    }
  let notAccepted = 0;
  for (const event of observations.published)
    if (!acceptedCount.has(event.id)) {
      notAccepted += 1;
      note('notAccepted', event.id);
    }

  const deliveredPairs = new Set<string>();
  const deliveryIds = new Map<string, number>();
  const disclosureIds = new Set<string>();
  let unexpectedDeliveries = 0;
  for (const d of observations.deliveries) {
    deliveryIds.set(d.id, (deliveryIds.get(d.id) ?? 0) + 1);
    disclosureIds.add(d.disclosureId);
    const key = pair(d.eventId, d.partnerId);
    if (!expected.has(key) && !deliveredPairs.has(key)) {
      unexpectedDeliveries += 1;
      note('unexpectedDeliveries', `${d.eventId} → ${d.partnerId}`);
    }
    deliveredPairs.add(key);
  }
  let duplicateDeliveries = 0;
  for (const [id, count] of deliveryIds)
    if (count > 1) {
      duplicateDeliveries += count - 1;
      note('duplicateDeliveries', id);
    }

  const lostEvents = new Set<string>();
  let deliveriesLost = 0;
  for (const key of expected)
    if (!deliveredPairs.has(key)) {
      deliveriesLost += 1;
      const [eventId, partnerId] = key.split('\u0000') as [string, string];
      lostEvents.add(eventId);
      note('deliveriesLost', `${eventId} → ${partnerId}`);
    }
  for (const id of lostEvents) note('eventsLost', id);

  const auditedIds = new Set(observations.auditRows.map((r) => r.recordId));
  let deliveriesWithoutAudit = 0;
  for (const d of observations.deliveries)
    if (!auditedIds.has(d.disclosureId)) {
      deliveriesWithoutAudit += 1;
      note('deliveriesWithoutAudit', d.id);
    }
  let auditWithoutDelivery = 0;
  for (const row of observations.auditRows)
    if (!disclosureIds.has(row.recordId)) {
      auditWithoutDelivery += 1;
      note('auditWithoutDelivery', row.recordId);
    }

  return {
    published: observations.published.length,
    accepted: acceptedCount.size,
    expectedDeliveries: expected.size,
    delivered: deliveredPairs.size,
    audited: auditedIds.size,
    notAccepted,
    eventsLost: lostEvents.size,
    deliveriesLost,
    unexpectedDeliveries,
    deliveriesWithoutAudit,
    auditWithoutDelivery,
    duplicateAccepted,
    duplicateDeliveries,
    examples,
  };
}

/** The non-zero findings, as `name=count`; empty when the run kept every promise. */
export function violations(counts: ChaosCounts): string[] {
  return MUST_BE_ZERO.filter((name) => counts[name] !== 0).map((name) => `${name}=${counts[name]}`);
}
