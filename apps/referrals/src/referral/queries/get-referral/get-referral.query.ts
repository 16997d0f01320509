import { Query } from '@nestjs/cqrs';
import type { ReferralDetailView } from '../../referral-view';

/** One referral with its history, if the caller's partner is party to it; `undefined` otherwise. */
export class GetReferralQuery extends Query<ReferralDetailView | undefined> {
  constructor(
    /** From the verified token, never from the request. */
    readonly partnerId: string,
    readonly referralId: string,
  ) {
    super();
  }
}
