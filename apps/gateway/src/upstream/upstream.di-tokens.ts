/** Injection token of the base URL of each service behind the gateway (`REFERRALS_URL`, `AUDIT_URL`). */
export const UPSTREAM_BASE_URLS = Symbol('UPSTREAM_BASE_URLS');
