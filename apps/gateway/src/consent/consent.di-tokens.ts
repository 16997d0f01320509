/** Injection token of the {@link ConsentStore}: where consents, their revocations and their events are kept. */
export const CONSENT_STORE = Symbol('CONSENT_STORE');
/** Injection token of the {@link SubjectRelationships}: which organisations hold a relationship with a subject. */
export const SUBJECT_RELATIONSHIPS = Symbol('SUBJECT_RELATIONSHIPS');
/** Injection token of the {@link ConsentSettings}. */
export const CONSENT_SETTINGS = Symbol('CONSENT_SETTINGS');
