import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { VerifyAuditTrailQuery, type AuditTrailVerification } from './verify-audit-trail.query';

/**
 * `GET /v1/audit/verify`: answers 200 with `{ ok, partitions, firstBroken? }`
 * whether or not the trail is intact; `ok` says which.
 *
 * Unauthenticated, on the audit app's own port only: the auditor API on the
 * gateway (with the auditor role and an access record per call) is a later step.
 */
@Controller('v1/audit')
export class VerifyAuditTrailHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('verify')
  async verify(): Promise<AuditTrailVerification> {
    return this.queryBus.execute(new VerifyAuditTrailQuery());
  }
}
