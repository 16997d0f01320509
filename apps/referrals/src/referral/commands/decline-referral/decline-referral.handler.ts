import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { ReferralStore } from '../../ports/referral-store.port';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import { changeReferral, type ReferralChanged } from '../change-referral';
import { DeclineReferralCommand } from './decline-referral.command';

/** Decides `DeclineReferral` on the stored referral and stores the result with its status-changed event. */
@CommandHandler(DeclineReferralCommand)
export class DeclineReferralHandler implements ICommandHandler<DeclineReferralCommand, ReferralChanged> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  execute(command: DeclineReferralCommand): Promise<ReferralChanged> {
    const domainCommand = {
      type: 'DeclineReferral' as const,
      actor: command.actor,
      reasonCode: command.reasonCode,
      ...(command.note === undefined ? {} : { note: command.note }),
      at: new Date().toISOString(),
    };
    return changeReferral(this.store, this.registry, command.referralId, domainCommand, {
      ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
    });
  }
}
