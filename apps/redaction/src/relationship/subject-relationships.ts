import type { CloudEvent } from '@beacon/messaging';

/*
 * Which partners hold a relationship with a subject, from what the
 * redaction service sees anyway: the canonical event (who originated it)
 * and the deliveries it decided (who received it). Pure: no I/O.
 */

/** How a partner came to hold a relationship with a subject. */
export type RelationshipKind = 'originated' | 'received';

/** One partner's relationship with one subject, and the event that first showed it. */
export interface SubjectRelationship {
  readonly subjectId: string;
  readonly partnerId: string;
  readonly kind: RelationshipKind;
  readonly eventId: string;
}

// Intake admits an event only when its source is the partner's own (the topic it wrote to says who).
const PARTNER_SOURCE = /^urn:beacon:partner:([a-z0-9][a-z0-9-]{1,62})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The relationships one canonical event shows: its originator's, when a
 * partner sent it, and each recipient's that was delivered a copy. Events
 * whose subject is not a subject id (a UUID) show none: consents name
 * subjects by UUID, so nothing else could ever be asked for. Subject ids are
 * lower-cased, the one spelling the consent API stores.
 */
export function relationshipsOf(event: CloudEvent, deliveredTo: readonly string[]): SubjectRelationship[] {
  if (!UUID.test(event.subject)) return [];
  const subjectId = event.subject.toLowerCase();
  const found: SubjectRelationship[] = [];
  const originator = PARTNER_SOURCE.exec(event.source)?.[1];
  if (originator !== undefined)
    found.push({ subjectId, partnerId: originator, kind: 'originated', eventId: event.id });
  for (const partnerId of new Set(deliveredTo))
    found.push({ subjectId, partnerId, kind: 'received', eventId: event.id });
  return found;
}

/** `relationships` without repeats of a subject, partner and kind; the first event of each is kept. */
export function distinctRelationships(relationships: readonly SubjectRelationship[]): SubjectRelationship[] {
  const seen = new Map<string, SubjectRelationship>();
  for (const relationship of relationships) {
    const key = `${relationship.subjectId}\u0000${relationship.partnerId}\u0000${relationship.kind}`;
    if (!seen.has(key)) seen.set(key, relationship);
  }
  return [...seen.values()];
}
