/**
 * The words that policies, consents and decisions share.
 *
 * Categories come from libs/contracts (policy → contracts is allowed);
 * purposes and sectors mirror `schemas/common/vocabulary.json`.
 */
import { BEACON_CATEGORIES, type BeaconCategory } from '@beacon/contracts/categories';

/** Data categories a leaf field can belong to (`x-beacon-category`): the contracts' one list. */
export const CATEGORIES = BEACON_CATEGORIES;
export type Category = BeaconCategory;

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
