import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import type { ReferralStore } from '../../ports/referral-store.port';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import { changeReferral, type ReferralChanged } from '../change-referral';
import { ReassignReferralCommand } from './reassign-referral.command';

/**
 * Decides `ReassignReferral` on the stored referral and stores the result
 * with its history entry. It publishes nothing: who holds a referral inside
 * the receiving partner is that partner's business, so the originator is
 * not told (the status does not change, and `eventIds` is empty).
 */
@CommandHandler(ReassignReferralCommand)
export class ReassignReferralHandler implements ICommandHandler<ReassignReferralCommand, ReferralChanged> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  execute(command: ReassignReferralCommand): Promise<ReferralChanged> {
    const domainCommand = {
      type: 'ReassignReferral' as const,
      actor: command.actor,
      worker: command.worker,
      ...(command.note === undefined ? {} : { note: command.note }),
      at: new Date().toISOString(),
    };
    return changeReferral(this.store, this.registry, command.referralId, domainCommand, {
      ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
    });
  }
}
