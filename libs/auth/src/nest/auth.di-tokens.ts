/** Injection token of the resolved {@link AuthModuleOptions}. */
export const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');
/**
 * Injection token of the app's {@link PartnerStatusCheck}, when it gives one
 * (see `AuthModule`'s `partnerStatus` option): the guard then refuses tokens
 * of partners that may not act now.
 */
export const PARTNER_STATUS_CHECK = Symbol('PARTNER_STATUS_CHECK');
