import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONSENT_STORE } from '../../consent.di-tokens';
import { consentView, type ConsentView } from '../../consent-view';
import type { ConsentStore } from '../../ports/consent-store.port';
import { ListFlaggedConsentsQuery } from './list-flagged-consents.query';

@QueryHandler(ListFlaggedConsentsQuery)
export class ListFlaggedConsentsHandler implements IQueryHandler<ListFlaggedConsentsQuery, ConsentView[]> {
  constructor(@Inject(CONSENT_STORE) private readonly store: ConsentStore) {}

  async execute({ since, limit }: ListFlaggedConsentsQuery): Promise<ConsentView[]> {
    return (await this.store.listFlagged(since, limit)).map(consentView);
  }
}
