import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { ReferralStore } from '../../ports/referral-store.port';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import { changeReferral, type ReferralChanged } from '../change-referral';
import { StartReferralCommand } from './start-referral.command';

/** Decides `StartReferral` on the stored referral and stores the result with its status-changed event. */
@CommandHandler(StartReferralCommand)
export class StartReferralHandler implements ICommandHandler<StartReferralCommand, ReferralChanged> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  execute(command: StartReferralCommand): Promise<ReferralChanged> {
    const domainCommand = {
      type: 'StartReferral' as const,
      actor: command.actor,
      ...(command.note === undefined ? {} : { note: command.note }),
      at: new Date().toISOString(),
    };
    return changeReferral(this.store, this.registry, command.referralId, domainCommand, {
      ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
    });
  }
}
