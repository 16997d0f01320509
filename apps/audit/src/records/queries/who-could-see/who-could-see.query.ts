import { Query } from '@nestjs/cqrs';
import type { WhoCouldSeeAnswer } from '../../core/who-could-see';

/** Who could see `path` (or a part of it, or the object around it) of `subjectId` up to `at`. */
export class WhoCouldSeeQuery extends Query<WhoCouldSeeAnswer> {
  constructor(
    readonly subjectId: string,
    readonly path: string,
    readonly at: string,
  ) {
    super();
  }
}
