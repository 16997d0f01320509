import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AcceptDeadlines } from '../../domain/accept-deadlines';
import type { ReferralQueries } from '../../ports/referral-queries.port';
import { ACCEPT_DEADLINES, REFERRAL_QUERIES } from '../../referral.di-tokens';
import { referralView, transitionView, type ReferralDetailView } from '../../referral-view';
import { GetReferralQuery } from './get-referral.query';

/** Reads the referral and its history; a referral of other partners reads as absent. */
@QueryHandler(GetReferralQuery)
export class GetReferralHandler implements IQueryHandler<GetReferralQuery, ReferralDetailView | undefined> {
  constructor(
    @Inject(REFERRAL_QUERIES) private readonly queries: ReferralQueries,
    @Inject(ACCEPT_DEADLINES) private readonly deadlines: AcceptDeadlines,
  ) {}

  async execute({ partnerId, referralId }: GetReferralQuery): Promise<ReferralDetailView | undefined> {
    const found = await this.queries.find(partnerId, referralId.toLowerCase());
    if (found === undefined) return undefined;
    return {
      ...referralView(found.referral, partnerId, this.deadlines),
      history: found.history.map(transitionView),
    };
  }
}
