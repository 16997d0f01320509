import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UpstreamProxy } from './upstream-proxy';
import { UpstreamProxyHttpController } from './upstream-proxy.http.controller';
import type { UpstreamService } from './upstream-routes';
import { UPSTREAM_BASE_URLS } from './upstream.di-tokens';

/** The gateway as the single HTTP face: the referrals and audit APIs, forwarded after the token check. */
@Module({
  controllers: [UpstreamProxyHttpController],
  providers: [
    UpstreamProxy,
    {
      provide: UPSTREAM_BASE_URLS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): Record<UpstreamService, string> => ({
        referrals: config.getOrThrow<string>('REFERRALS_URL'),
        audit: config.getOrThrow<string>('AUDIT_URL'),
      }),
    },
  ],
})
export class UpstreamModule {}
