import { Query } from '@nestjs/cqrs';
import type { DisclosedReferral, ReferralCaller } from '../../disclosure/referral-disclosure';
import type { ReferralDetailView } from '../../referral-view';

/** The referral as the caller may see it, and the subject it concerns (for the access record only). */
export interface ReferralAnswer {
  readonly referral: DisclosedReferral<ReferralDetailView>;
  /** In clear: for `x-beacon-subject-ids`, which the gateway keeps off the answer. */
  readonly subjectIds: readonly string[];
}

/** One referral with its history, if the caller's partner is party to it; `undefined` otherwise. */
export class GetReferralQuery extends Query<ReferralAnswer | undefined> {
  constructor(
    /** From the verified token, never from the request. */
    readonly caller: ReferralCaller,
    readonly referralId: string,
  ) {
    super();
  }
}
