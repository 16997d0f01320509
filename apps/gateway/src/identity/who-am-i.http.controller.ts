import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@beacon/auth';

/**
 * `GET /v1/me`: what the gateway understood from a token — the partner, the
 * sector and the roles it will act on. Partners' engineers use it to check a
 * token before they integrate anything else.
 */
@Controller('v1/me')
export class WhoAmIHttpController {
  @Get()
  whoAmI(@CurrentPrincipal() principal: Principal) {
    return {
      subject: principal.subject,
      partnerId: principal.partnerId,
      sector: principal.sector,
      roles: principal.roles,
    };
  }
}
