import { Command } from '@nestjs/cqrs';
import type { ReferralReasonCode } from '@beacon/contracts';
import type { ReferralActor } from '../../domain/referral.decider';
import type { ReferralChanged } from '../change-referral';

/**
 * Withdraw an open referral with a reason, for the originating partner. Resolves with the referral's new status, or rejects with a
 * `ReferralRefusal` (wrong status: 409; wrong partner: 403) or
 * `ReferralNotFoundError` (404).
 */
export class WithdrawReferralCommand extends Command<ReferralChanged> {
  constructor(
    readonly referralId: string,
    /** Who acts; the HTTP layer takes it from the verified token, never from a body. */
    readonly actor: ReferralActor,
    readonly reasonCode: ReferralReasonCode,
    readonly note?: string,
    /** Carried on the status-changed event as `correlationid`. */
    readonly correlationId?: string,
  ) {
    super();
  }
}
