import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { ReferralStore } from '../../ports/referral-store.port';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import { changeReferral, type ReferralChanged } from '../change-referral';
import { AcceptReferralCommand } from './accept-referral.command';

/** Decides `AcceptReferral` on the stored referral and stores the result with its status-changed event. */
@CommandHandler(AcceptReferralCommand)
export class AcceptReferralHandler implements ICommandHandler<AcceptReferralCommand, ReferralChanged> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  execute(command: AcceptReferralCommand): Promise<ReferralChanged> {
    const domainCommand = {
      type: 'AcceptReferral' as const,
      actor: command.actor,
      ...(command.note === undefined ? {} : { note: command.note }),
      at: new Date().toISOString(),
    };
    return changeReferral(this.store, this.registry, command.referralId, domainCommand, {
      ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
    });
  }
}
