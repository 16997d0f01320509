import { Module } from '@nestjs/common';
import { DirectoryPartnerStatus } from './kafka/directory-partner-status.adapter';
import { PARTNER_STATUS_WATCH } from './partner-access.di-tokens';

/**
 * Which partners may act now, from the partner directory: the auth guard
 * asks it on every request (see `AuthModule.fromSettings` in the root
 * module) and the inbox ends a partner's streams when it changes. Needs,
 * from the root module: the messaging edge.
 */
@Module({
  providers: [DirectoryPartnerStatus, { provide: PARTNER_STATUS_WATCH, useExisting: DirectoryPartnerStatus }],
  exports: [PARTNER_STATUS_WATCH],
})
export class PartnerAccessModule {}
