import type { BreakGlassRequest, Category } from '@beacon/policy';

/** A break-glass grant as the gateway's break-glass API stores it. */
export interface StoredBreakGlassGrant {
  grantId: string;
  subjectId: string;
  partnerId: string;
  role: string;
  reason: string;
  requestedBy: string;
  categories: Category[];
  startedAt: string;
  expiresAt: string;
}

/**
 * The break-glass request to decide with for one partner at one instant:
 * the most recent grant to that partner whose window holds then (start
 * inclusive, end exclusive), or none. Grants to other partners never count:
 * a break-glass widens only the deliveries of the organisation that broke it.
 */
export function breakGlassInForce(
  grants: readonly StoredBreakGlassGrant[],
  partnerId: string,
  at: number,
): BreakGlassRequest | undefined {
  let chosen: StoredBreakGlassGrant | undefined;
  for (const grant of grants) {
    if (grant.partnerId !== partnerId) continue;
    const start = Date.parse(grant.startedAt);
    const end = Date.parse(grant.expiresAt);
    if (!(start <= at && at < end)) continue;
    if (chosen === undefined || Date.parse(chosen.startedAt) < start) chosen = grant;
  }
  if (chosen === undefined) return undefined;
  return {
    role: chosen.role,
    reason: chosen.reason,
    requestedBy: chosen.requestedBy,
    startedAt: chosen.startedAt,
    expiresAt: chosen.expiresAt,
    categories: chosen.categories,
  };
}
