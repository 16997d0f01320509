/** Injection token of the {@link ConsentStore}: where consents, their revocations and their events are kept. */
export const CONSENT_STORE = Symbol('CONSENT_STORE');
