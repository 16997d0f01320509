/** Injection token of the {@link ReferralStore}: where referrals, their history and their outbox are kept. */
export const REFERRAL_STORE = Symbol('REFERRAL_STORE');

/** Injection token of the {@link ReferralQueries}: how case workers' reads reach the stored referrals. */
export const REFERRAL_QUERIES = Symbol('REFERRAL_QUERIES');

/** Injection token of the `AcceptDeadlines` read from `REFERRAL_ACCEPT_DEADLINES`. */
export const ACCEPT_DEADLINES = Symbol('ACCEPT_DEADLINES');

/** Injection token of the deadline check's period, in milliseconds (`REFERRAL_ESCALATION_CHECK_SECONDS`). */
export const ESCALATION_CHECK_INTERVAL_MS = Symbol('ESCALATION_CHECK_INTERVAL_MS');

/** Injection token of the {@link SubjectConsents}: the subjects' consents, read when an answer is decided. */
export const SUBJECT_CONSENTS = Symbol('SUBJECT_CONSENTS');

/** Injection token of the `ReferralDisclosure`: decides every referral answer for its caller with the sector policy. */
export const REFERRAL_DISCLOSURE = Symbol('REFERRAL_DISCLOSURE');
