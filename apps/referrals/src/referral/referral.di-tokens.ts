/** Injection token of the {@link ReferralStore}: where referrals, their history and their outbox are kept. */
export const REFERRAL_STORE = Symbol('REFERRAL_STORE');
