import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import { parseWhoCouldSee } from '../../core/record-filters';
import type { WhoCouldSeeAnswer } from '../../core/who-could-see';
import { checkParameters, nameSubjects, type HeaderSink } from '../../http-parameters';
import { WhoCouldSeeQuery } from './who-could-see.query';

/**
 * `GET /v1/audit/who-could-see?subject=&path=&at=` (role `auditor`): the
 * partners that received that field of that subject (as it was, or
 * transformed) up to `at` (default: now), and the people there who opened
 * the subject's records afterwards. See docs/audit.md.
 */
@Roles('auditor')
@Controller('v1/audit')
export class WhoCouldSeeHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('who-could-see')
  async whoCouldSee(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<WhoCouldSeeAnswer> {
    const { subject, path, at } = checkParameters(() => parseWhoCouldSee(query));
    const answer = await this.queryBus.execute(new WhoCouldSeeQuery(subject, path, at));
    nameSubjects(response, [subject]);
    return answer;
  }
}
