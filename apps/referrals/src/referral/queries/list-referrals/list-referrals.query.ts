import { Query } from '@nestjs/cqrs';
import type { DisclosedReferral, ReferralCaller } from '../../disclosure/referral-disclosure';
import type { ReferralListFilter } from '../../domain/referral-requests';
import type { ReferralView } from '../../referral-view';

/** One page of the referrals a partner sent or received, each as the caller may see it. */
export interface ReferralPage {
  readonly referrals: readonly DisclosedReferral<ReferralView>[];
  /** Give it as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** A page and the subjects it concerns (for the access record only). */
export interface ReferralPageAnswer {
  readonly page: ReferralPage;
  /** In clear: for `x-beacon-subject-ids`, which the gateway keeps off the answer. */
  readonly subjectIds: readonly string[];
}

/** The referrals the caller's partner is party to, filtered and paged. */
export class ListReferralsQuery extends Query<ReferralPageAnswer> {
  constructor(
    /** From the verified token, never from the request. */
    readonly caller: ReferralCaller,
    readonly filter: ReferralListFilter,
  ) {
    super();
  }
}
