/**
 * The data categories a leaf field of an event can belong to. Redaction
 * policy decides per sector and category, so this list is the vocabulary
 * every schema, policy and consent shares.
 */
export const BEACON_CATEGORIES = [
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

/** One of {@link BEACON_CATEGORIES}. */
export type BeaconCategory = (typeof BEACON_CATEGORIES)[number];

/** The schema keyword that carries a leaf's category. */
export const CATEGORY_KEYWORD = 'x-beacon-category';

/** Tells whether `value` is one of {@link BEACON_CATEGORIES}. */
export function isBeaconCategory(value: unknown): value is BeaconCategory {
  return typeof value === 'string' && (BEACON_CATEGORIES as readonly string[]).includes(value);
}
