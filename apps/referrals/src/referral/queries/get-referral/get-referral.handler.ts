import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReferralDisclosure } from '../../disclosure/referral-disclosure';
import type { AcceptDeadlines } from '../../domain/accept-deadlines';
import type { ReferralQueries } from '../../ports/referral-queries.port';
import type { SubjectConsents } from '../../ports/subject-consents.port';
import {
  ACCEPT_DEADLINES,
  REFERRAL_DISCLOSURE,
  REFERRAL_QUERIES,
  SUBJECT_CONSENTS,
} from '../../referral.di-tokens';
import { referralView, transitionView } from '../../referral-view';
import { GetReferralQuery, type ReferralAnswer } from './get-referral.query';

/**
 * Reads the referral and its history, and decides what the caller may see
 * of it with the sector policy; a referral of other partners reads as absent.
 */
@QueryHandler(GetReferralQuery)
export class GetReferralHandler implements IQueryHandler<GetReferralQuery, ReferralAnswer | undefined> {
  constructor(
    @Inject(REFERRAL_QUERIES) private readonly queries: ReferralQueries,
    @Inject(ACCEPT_DEADLINES) private readonly deadlines: AcceptDeadlines,
    @Inject(SUBJECT_CONSENTS) private readonly consents: SubjectConsents,
    @Inject(REFERRAL_DISCLOSURE) private readonly disclosure: ReferralDisclosure,
  ) {}

  async execute({ caller, referralId }: GetReferralQuery): Promise<ReferralAnswer | undefined> {
    const found = await this.queries.find(caller.partnerId, referralId.toLowerCase());
    if (found === undefined) return undefined;
    const { subjectId } = found.referral;
    const consents = await this.consents.forSubjects([subjectId]);
    const view = {
      ...referralView(found.referral, caller.partnerId, this.deadlines),
      history: found.history.map(transitionView),
    };
    return {
      referral: this.disclosure.disclose(view, caller, consents.get(subjectId) ?? [], new Date()),
      subjectIds: [subjectId],
    };
  }
}
