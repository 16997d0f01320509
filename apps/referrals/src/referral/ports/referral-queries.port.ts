import type { CaseWorker, OrganisationRef, ReferralReasonCode, Urgency } from '@beacon/contracts';
import type { ListPosition, ReferralListFilter } from '../domain/referral-requests';
import type { CloseResult, ReferralStateStatus } from '../domain/referral.decider';

/** A referral as stored: workflow facts only, never the subject's personal data. */
export interface StoredReferral {
  readonly referralId: string;
  readonly subjectId: string;
  readonly originator: OrganisationRef;
  readonly receiver: OrganisationRef;
  readonly status: Exclude<ReferralStateStatus, 'absent'>;
  readonly urgency: Urgency;
  readonly assignedWorker?: CaseWorker;
  /** Why it was declined, withdrawn or closed. */
  readonly reasonCode?: ReferralReasonCode;
  readonly closeResult?: CloseResult;
  /** What a closing worker reported, without its free-text summary. */
  readonly outcome?: { readonly servicesProvided?: readonly string[]; readonly onwardReferral?: string };
  readonly possibleDuplicate: boolean;
  /** Other referrals of the subject to the same receiver, flagged with it, that the caller's partner is party to. */
  readonly possibleDuplicateOf: readonly string[];
  readonly createdAt: Date;
  readonly receivedAt: Date;
  readonly updatedAt: Date;
  /** When the accept deadline passed unmet and the referral was escalated. */
  readonly acceptEscalatedAt?: Date;
  /** Its place in the list's order, for the next page's cursor. */
  readonly position: ListPosition;
}

/** One row of a referral's history, as stored. */
export interface StoredHistoryEntry {
  readonly eventType: string;
  readonly fromStatus?: string;
  readonly toStatus?: string;
  readonly actorPartnerId?: string;
  /** The lifecycle event as recorded (a `ReferralEvent` or a `ReferralEscalated`). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly occurredAt: Date;
}

/** Reads referrals for case workers, always scoped to the caller's partner. */
export interface ReferralQueries {
  /**
   * Referrals the partner sent or received that pass `filter`, newest
   * received first, at most `filter.limit + 1` (one more than a page, so the
   * caller knows whether another page follows).
   */
  list(partnerId: string, filter: ReferralListFilter): Promise<StoredReferral[]>;

  /** The referral and its history, oldest first; `undefined` when it does not exist or the partner is no party to it. */
  find(
    partnerId: string,
    referralId: string,
  ): Promise<{ referral: StoredReferral; history: StoredHistoryEntry[] } | undefined>;
}
