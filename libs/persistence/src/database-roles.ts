/**
 * The group role (NOLOGIN) through which other apps read the consent
 * records the gateway owns: the gateway's schema owner grants it SELECT on
 * the consent tables and nothing else; the redaction service's role is its
 * member. The stack creates it (scripts/lib/database-roles.ts).
 */
export const CONSENT_READER_ROLE = 'beacon_consent_reader';
