import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import { acceptDueAt, type AcceptDeadlines } from '../../domain/accept-deadlines';
import type { ReferralStore } from '../../ports/referral-store.port';
import { ACCEPT_DEADLINES, REFERRAL_STORE } from '../../referral.di-tokens';
import { escalatedData, escalatedMessage, REFERRAL_ESCALATED_TYPE } from '../../referral-events';
import { EscalateOverdueReferralsCommand, type EscalationRound } from './escalate-overdue-referrals.command';

/**
 * Escalates overdue referrals one transaction at a time: each is marked
 * escalated, gets a history entry, and its `referral.escalated` event goes
 * to the outbox, all or nothing.
 */
@CommandHandler(EscalateOverdueReferralsCommand)
export class EscalateOverdueReferralsHandler implements ICommandHandler<
  EscalateOverdueReferralsCommand,
  EscalationRound
> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
    @Inject(ACCEPT_DEADLINES) private readonly deadlines: AcceptDeadlines,
  ) {}

  async execute({ limit }: EscalateOverdueReferralsCommand): Promise<EscalationRound> {
    const escalated: string[] = [];
    if (Object.keys(this.deadlines).length === 0) return { escalated };
    const dataschema = this.registry.dataschemaFor(REFERRAL_ESCALATED_TYPE);
    while (escalated.length < limit) {
      const referralId = await this.store.escalateNextOverdue(this.deadlines, ({ state, receivedAt }) => {
        const dueAt = acceptDueAt(this.deadlines, state.urgency, receivedAt);
        // The store selected it by this very deadline; its absence would be a bug, not a case.
        if (dueAt === undefined) throw new Error(`referral ${state.referralId} has no accept deadline`);
        const escalatedAt = new Date();
        const data = escalatedData(state, { receivedAt, dueAt, escalatedAt });
        return {
          historyEvent: {
            type: 'ReferralEscalated',
            referralId: state.referralId,
            at: data.escalatedAt,
            deadline: data.deadline,
            dueAt: data.dueAt,
            urgency: data.urgency,
          },
          outbox: [escalatedMessage(data, dataschema)],
        };
      });
      if (referralId === undefined) break;
      escalated.push(referralId);
    }
    return { escalated };
  }
}
