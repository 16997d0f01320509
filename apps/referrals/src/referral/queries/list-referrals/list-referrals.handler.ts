import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReferralDisclosure } from '../../disclosure/referral-disclosure';
import type { AcceptDeadlines } from '../../domain/accept-deadlines';
import { encodeCursor } from '../../domain/referral-requests';
import type { ReferralQueries } from '../../ports/referral-queries.port';
import type { SubjectConsents } from '../../ports/subject-consents.port';
import {
  ACCEPT_DEADLINES,
  REFERRAL_DISCLOSURE,
  REFERRAL_QUERIES,
  SUBJECT_CONSENTS,
} from '../../referral.di-tokens';
import { referralView } from '../../referral-view';
import { ListReferralsQuery, type ReferralPageAnswer } from './list-referrals.query';

/**
 * Reads one page, and a cursor when more follow (the store returns one row
 * beyond the page to tell); each referral is decided for the caller with
 * the sector policy and its subject's consents, read once for the page.
 */
@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery, ReferralPageAnswer> {
  constructor(
    @Inject(REFERRAL_QUERIES) private readonly queries: ReferralQueries,
    @Inject(ACCEPT_DEADLINES) private readonly deadlines: AcceptDeadlines,
    @Inject(SUBJECT_CONSENTS) private readonly consents: SubjectConsents,
    @Inject(REFERRAL_DISCLOSURE) private readonly disclosure: ReferralDisclosure,
  ) {}

  async execute({ caller, filter }: ListReferralsQuery): Promise<ReferralPageAnswer> {
    const rows = await this.queries.list(caller.partnerId, filter);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const subjectIds = [...new Set(page.map((row) => row.subjectId))];
    const consents = await this.consents.forSubjects(subjectIds);
    const now = new Date();
    return {
      page: {
        referrals: page.map((row) =>
          this.disclosure.disclose(
            referralView(row, caller.partnerId, this.deadlines),
            caller,
            consents.get(row.subjectId) ?? [],
            now,
          ),
        ),
        ...(rows.length > filter.limit && last !== undefined
          ? { nextCursor: encodeCursor(last.position) }
          : {}),
      },
      subjectIds,
    };
  }
}
