import { Controller, Get, NotFoundException, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import type { DeliveryExplanation } from '../../core/explain-delivery';
import { parseExplain } from '../../core/record-filters';
import { checkParameters, nameSubjects, type HeaderSink } from '../../http-parameters';
import { ExplainDeliveryQuery } from './explain-delivery.query';

/**
 * `GET /v1/explain?event=<event id>&partner=<partner id>` (roles `auditor`,
 * `admin`): for each path of the event, what the partner received and what
 * decided it, from the disclosure records of that delivery. 404 when the
 * partner never received the event. See docs/audit.md.
 */
@Roles('auditor', 'admin')
@Controller('v1')
export class ExplainDeliveryHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('explain')
  async explain(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<DeliveryExplanation> {
    const { eventId, partnerId } = checkParameters(() => parseExplain(query));
    const explanation = await this.queryBus.execute(new ExplainDeliveryQuery(eventId, partnerId));
    if (explanation === undefined) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        code: 'no_delivery',
        message: `the audit trail holds no delivery of event ${JSON.stringify(eventId)} to partner ${partnerId}`,
      });
    }
    nameSubjects(response, [explanation.subjectId]);
    return explanation;
  }
}
