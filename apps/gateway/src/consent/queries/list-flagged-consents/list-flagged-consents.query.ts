import { Query } from '@nestjs/cqrs';
import type { ConsentView } from '../../consent-view';

/** Consents flagged for auditors (see `consentVolumeFlag`), recorded at or after `since`, newest first. */
export class ListFlaggedConsentsQuery extends Query<ConsentView[]> {
  constructor(
    readonly since: Date,
    readonly limit: number,
  ) {
    super();
  }
}
