/** Injection token of the gateway's {@link PartnerStatusWatch}. */
export const PARTNER_STATUS_WATCH = Symbol('PARTNER_STATUS_WATCH');
