import { Query } from '@nestjs/cqrs';
import type { RetractionRecord } from '../../domain/retraction';
import type { RetractionFilter } from '../../ports/retraction-store.port';

/** Retractions the inbox applied, for auditors: which partners have not confirmed their purge, and since when. */
export class ListRetractionsQuery extends Query<RetractionRecord[]> {
  constructor(readonly filter: RetractionFilter) {
    super();
  }
}
