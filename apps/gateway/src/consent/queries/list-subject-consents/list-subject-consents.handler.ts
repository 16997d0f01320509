import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONSENT_STORE } from '../../consent.di-tokens';
import { consentView, type ConsentView } from '../../consent-view';
import { canonicalUuid } from '../../domain/consent';
import type { ConsentStore } from '../../ports/consent-store.port';
import { ListSubjectConsentsQuery } from './list-subject-consents.query';

/**
 * Reads the subject's consents recorded by the caller's organisation. Other
 * organisations' consents stay out: a consent's notes and the mere fact that,
 * say, the police recorded one are not for every case worker who knows the
 * subject id; which of it another partner may see is a policy decision still
 * to be made, so this fails closed.
 */
@QueryHandler(ListSubjectConsentsQuery)
export class ListSubjectConsentsHandler implements IQueryHandler<ListSubjectConsentsQuery, ConsentView[]> {
  constructor(@Inject(CONSENT_STORE) private readonly store: ConsentStore) {}

  async execute({ caller, subjectId }: ListSubjectConsentsQuery): Promise<ConsentView[]> {
    const consents = await this.store.listForSubject(canonicalUuid(subjectId), caller.partnerId);
    return consents.map(consentView);
  }
}
