import type { ServerResponse } from 'node:http';
import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UpstreamProxy, type ProxiedRequest } from './upstream-proxy';
import { UPSTREAM_PATTERNS } from './upstream-routes';

/**
 * The routes of the services behind the gateway (see UPSTREAM_ROUTES): the
 * global guard verifies the token first, then the request goes on as it
 * came. Their own OpenAPI documents describe them, so they stay out of the
 * gateway's.
 */
@ApiExcludeController()
@Controller()
export class UpstreamProxyHttpController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @All([...UPSTREAM_PATTERNS])
  forward(@Req() request: ProxiedRequest, @Res() response: ServerResponse): Promise<void> {
    return this.proxy.forward(request, response);
  }
}
