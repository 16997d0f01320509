import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@beacon/auth';
import { canonicalUuid } from '../../domain/consent';
import type { ConsentView } from '../../consent-view';
import { ListSubjectConsentsQuery } from './list-subject-consents.query';

/** The 200 answer. */
export interface SubjectConsents {
  readonly subjectId: string;
  /** Oldest grant first; empty when the caller's organisation recorded none. */
  readonly consents: readonly ConsentView[];
}

/** `GET /v1/subjects/:id/consents`: the consents a case worker's organisation recorded for a subject. */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/subjects')
export class ListSubjectConsentsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/consents')
  // Supervisors too: they find here the pending consents they are asked to confirm.
  @Roles('case-worker', 'supervisor')
  @ApiOperation({
    summary: "A subject's consents",
    description:
      "The consents the caller's organisation recorded for the subject, each with its status (pending, active or " +
      'revoked), which grantees are still in force, its revocations and the consent data as recorded.',
  })
  @ApiOkResponse({ description: 'The consents, oldest grant first (possibly none).' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
  @ApiForbiddenResponse({ description: 'The token lacks the case-worker and supervisor roles.' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) subjectId: string,
  ): Promise<SubjectConsents> {
    const consents = await this.queryBus.execute(new ListSubjectConsentsQuery(principal, subjectId));
    return { subjectId: canonicalUuid(subjectId), consents };
  }
}
