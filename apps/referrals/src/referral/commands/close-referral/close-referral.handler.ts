import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { ReferralStore } from '../../ports/referral-store.port';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import { changeReferral, type ReferralChanged } from '../change-referral';
import { CloseReferralCommand } from './close-referral.command';

/** Decides `CloseReferral` on the stored referral and stores the result with its status-changed event. */
@CommandHandler(CloseReferralCommand)
export class CloseReferralHandler implements ICommandHandler<CloseReferralCommand, ReferralChanged> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  execute(command: CloseReferralCommand): Promise<ReferralChanged> {
    const domainCommand = {
      type: 'CloseReferral' as const,
      actor: command.actor,
      outcome: command.outcome,
      ...(command.note === undefined ? {} : { note: command.note }),
      at: new Date().toISOString(),
    };
    return changeReferral(this.store, this.registry, command.referralId, domainCommand, {
      ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
    });
  }
}
