import type { RelationshipKind } from '../domain/consent-trust';

/**
 * Which relationships an organisation holds with a subject, as Beacon saw
 * them: it originated an event about the subject, or received one. Kept by
 * the redaction service, which sees every event and every delivery.
 */
export interface SubjectRelationships {
  /**
   * The kinds of relationship `partnerId` holds with `subjectId` (empty
   * when none). Rejects when they cannot be read: the caller refuses then,
   * rather than guess.
   */
  kindsOf(subjectId: string, partnerId: string): Promise<RelationshipKind[]>;
}
