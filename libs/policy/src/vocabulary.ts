/**
 * The words that policies, consents and decisions share.
 *
 * They mirror `schemas/common/vocabulary.json` and `BEACON_CATEGORIES` in
 * libs/contracts. The policy lib keeps its own copy for now because the
 * contracts API is still moving; once it settles these should be imported
 * from `@beacon/contracts` (the design allows policy → contracts).
 */

/** Data categories a leaf field can belong to (`x-beacon-category`). */
export const CATEGORIES = [
  'identity',
  'contact',
  'location.precise',
  'location.area',
  'demographic',
  'health',
  'immigration',
  'criminal-justice',
  'narrative',
  'operational',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Why data is shared (FHIR Consent `provision.purpose`). */
export const PURPOSES = [
  'care-coordination',
  'safety-planning',
  'investigation',
  'research',
  'emergency',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The purpose that only break-glass may use. */
export const BREAK_GLASS_PURPOSE = 'emergency' satisfies Purpose;

/** Partner sectors; a policy is chosen by the recipient's sector. */
export const SECTORS = ['law-enforcement', 'health-care', 'ngo', 'education', 'social-services'] as const;
export type Sector = (typeof SECTORS)[number];

/** Token roles (libs/auth); break-glass is granted per role. */
export const ROLES = ['partner-system', 'case-worker', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Tells whether `value` is one of {@link CATEGORIES}. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** Tells whether `value` is one of {@link PURPOSES}. */
export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

/** Tells whether `value` is one of {@link SECTORS}. */
export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}
