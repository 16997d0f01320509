import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '@beacon/auth';
import { VerifyAuditTrailQuery, type AuditTrailVerification } from './verify-audit-trail.query';

/**
 * `GET /v1/audit/verify`: answers 200 with `{ ok, partitions, firstBroken? }`
 * whether or not the trail is intact; `ok` says which.
 *
 * Role `auditor`. The gateway proxies it with the caller's bearer token and
 * records the access; this app checks the token itself.
 */
@Roles('auditor')
@Controller('v1/audit')
export class VerifyAuditTrailHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('verify')
  async verify(): Promise<AuditTrailVerification> {
    return this.queryBus.execute(new VerifyAuditTrailQuery());
  }
}
