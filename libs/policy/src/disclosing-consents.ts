import type { DecisionRecord } from './decision.types';

/**
 * The consents under which a decision actually let something through: every
 * consent that a disclosed path, or a path delivered in a changed form
 * (hashed, masked, generalised, scrubbed), names as its permit. A consent
 * that only withheld (a deny), or that merely lapsed, disclosed nothing and
 * is left out: revoking it later has nothing to retract.
 *
 * Sorted, without repeats, so the same record always gives the same list.
 */
export function disclosingConsentIds(record: Pick<DecisionRecord, 'disclosed' | 'withheld'>): string[] {
  const ids = new Set<string>();
  for (const entry of record.disclosed) {
    if (entry.basis.kind === 'consent-permit') for (const id of entry.basis.consentIds) ids.add(id);
  }
  for (const entry of record.withheld) {
    // A dropped path reached no one, whatever its basis says.
    if (entry.transformation === 'drop' || entry.basis.kind !== 'consent-permit') continue;
    for (const id of entry.basis.consentIds) ids.add(id);
  }
  return [...ids].sort();
}
