import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RetractionRecord } from '../../domain/retraction';
import { RETRACTION_STORE } from '../../inbox.di-tokens';
import type { RetractionStore } from '../../ports/retraction-store.port';
import { ListRetractionsQuery } from './list-retractions.query';

@QueryHandler(ListRetractionsQuery)
export class ListRetractionsHandler implements IQueryHandler<ListRetractionsQuery, RetractionRecord[]> {
  constructor(@Inject(RETRACTION_STORE) private readonly store: RetractionStore) {}

  async execute({ filter }: ListRetractionsQuery): Promise<RetractionRecord[]> {
    return this.store.list(filter);
  }
}
