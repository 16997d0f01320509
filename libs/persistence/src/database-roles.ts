/**
 * The group role (NOLOGIN) through which other apps read the consent
 * records the gateway owns: the gateway's schema owner grants it SELECT on
 * the consent tables and nothing else; the redaction service's role is its
 * member. The stack creates it (scripts/lib/database-roles.ts).
 */
export const CONSENT_READER_ROLE = 'beacon_consent_reader';

/**
 * The group role (NOLOGIN) through which the gateway reads which partners
 * hold a relationship with a subject (the redaction service's
 * `subject_relationships`): the redaction schema's owner grants it SELECT
 * on that table and nothing else; the gateway's role is its member. The
 * gateway's consent API checks it before it records a consent.
 */
export const RELATIONSHIP_READER_ROLE = 'beacon_relationship_reader';
