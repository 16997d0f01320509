import type { DataSource } from 'typeorm';
import { distinctRelationships, type SubjectRelationship } from './subject-relationships';

/** How many relationships a process remembers having written before it forgets them all and starts again. */
const REMEMBERED = 100_000;

/** `subject_relationships` in the redaction service's own schema (see its migration). */
export class SubjectRelationshipRepository {
  // Most events are about subjects already known to their partners: remembering what this process
  // wrote spares the database a conflicting insert per event. Forgetting only costs an insert again.
  private readonly written = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /** Records relationships; one already there is left as it is, first event and time included. */
  async record(relationships: readonly SubjectRelationship[]): Promise<void> {
    const fresh = distinctRelationships(relationships).filter((r) => !this.written.has(keyOf(r)));
    if (fresh.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO subject_relationships (subject_id, partner_id, kind, first_event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (subject_id, partner_id, kind) DO NOTHING`,
      [
        fresh.map((r) => r.subjectId),
        fresh.map((r) => r.partnerId),
        fresh.map((r) => r.kind),
        fresh.map((r) => r.eventId),
      ],
    );
    if (this.written.size + fresh.length > REMEMBERED) this.written.clear();
    for (const relationship of fresh) this.written.add(keyOf(relationship));
  }
}

function keyOf(relationship: SubjectRelationship): string {
  return `${relationship.subjectId}\u0000${relationship.partnerId}\u0000${relationship.kind}`;
}
