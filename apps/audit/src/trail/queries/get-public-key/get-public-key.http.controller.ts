import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Public } from '@beacon/auth';
import { GetPublicKeyQuery, type AuditPublicKey } from './get-public-key.query';

/**
 * `GET /v1/audit/public-key`: public by nature. An auditor should pin it
 * once (out of band, or from the first answer) rather than fetch it at each
 * check: a key fetched from the service under test vouches for nothing.
 * The one audit route that needs no token.
 */
@Public()
@Controller('v1/audit')
export class GetPublicKeyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('public-key')
  async publicKey(): Promise<AuditPublicKey> {
    return this.queryBus.execute(new GetPublicKeyQuery());
  }
}
