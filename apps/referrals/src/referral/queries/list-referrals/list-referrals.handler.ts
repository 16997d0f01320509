import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AcceptDeadlines } from '../../domain/accept-deadlines';
import { encodeCursor } from '../../domain/referral-requests';
import type { ReferralQueries } from '../../ports/referral-queries.port';
import { ACCEPT_DEADLINES, REFERRAL_QUERIES } from '../../referral.di-tokens';
import { referralView } from '../../referral-view';
import { ListReferralsQuery, type ReferralPage } from './list-referrals.query';

/** Reads one page, and a cursor when more follow (the store returns one row beyond the page to tell). */
@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery, ReferralPage> {
  constructor(
    @Inject(REFERRAL_QUERIES) private readonly queries: ReferralQueries,
    @Inject(ACCEPT_DEADLINES) private readonly deadlines: AcceptDeadlines,
  ) {}

  async execute({ partnerId, filter }: ListReferralsQuery): Promise<ReferralPage> {
    const rows = await this.queries.list(partnerId, filter);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      referrals: page.map((row) => referralView(row, partnerId, this.deadlines)),
      ...(rows.length > filter.limit && last !== undefined
        ? { nextCursor: encodeCursor(last.position) }
        : {}),
    };
  }
}
