import { AuthError } from './auth-error';
import type { Principal } from './principal';

/**
 * The port through which authentication asks whether the caller's partner
 * may act now. A token proves who issued it and until when; it cannot know
 * that its partner was suspended or removed since. The app implements this
 * with what it knows of the partners (the gateway: its live partner
 * directory); this library never learns where that comes from.
 */
export interface PartnerStatusCheck {
  /** Why `partnerId` may not act now (e.g. "partner metro-police is suspended"), or undefined when it may. */
  refusalFor(partnerId: string): string | undefined;
}

/** The partner id of the operator's own people (auditors, administrators): `beacon`, with sector `beacon`. */
export const OPERATOR_PARTNER_ID = 'beacon';

/**
 * Whether the principal is the operator's own (partner and sector `beacon`):
 * the operator is not a partner, so it has no directory record to check.
 */
export function isOperator(principal: Principal): boolean {
  return principal.sector === 'beacon' && principal.partnerId === OPERATOR_PARTNER_ID;
}

/**
 * Refuses a verified principal whose partner may not act now. The operator's
 * principals pass; without a check (an app that has none), everyone passes.
 *
 * @throws AuthError `partner_inactive`, its message the check's reason
 */
export function assertPartnerMayAct(check: PartnerStatusCheck | undefined, principal: Principal): void {
  if (check === undefined || isOperator(principal)) return;
  const refusal = check.refusalFor(principal.partnerId);
  if (refusal !== undefined) throw new AuthError('partner_inactive', refusal);
}
