import { Query } from '@nestjs/cqrs';
import type { ReferralListFilter } from '../../domain/referral-requests';
import type { ReferralView } from '../../referral-view';

/** One page of the referrals a partner sent or received. */
export interface ReferralPage {
  readonly referrals: readonly ReferralView[];
  /** Give it as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** The referrals the caller's partner is party to, filtered and paged. */
export class ListReferralsQuery extends Query<ReferralPage> {
  constructor(
    /** From the verified token, never from the request. */
    readonly partnerId: string,
    readonly filter: ReferralListFilter,
  ) {
    super();
  }
}
