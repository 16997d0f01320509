import { Query } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { ConsentView } from '../../consent-view';

/**
 * The consents of one subject that the caller's organisation recorded, each
 * with its status and which grantees are still in force.
 */
export class ListSubjectConsentsQuery extends Query<ConsentView[]> {
  constructor(
    readonly caller: Principal,
    readonly subjectId: string,
  ) {
    super();
  }
}
