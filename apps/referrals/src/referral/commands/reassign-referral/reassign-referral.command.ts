import { Command } from '@nestjs/cqrs';
import type { CaseWorker } from '@beacon/contracts';
import type { ReferralActor } from '../../domain/referral.decider';
import type { ReferralChanged } from '../change-referral';

/**
 * Hand a referral to another case worker of the receiving partner. Resolves with the referral's new status, or rejects with a
 * `ReferralRefusal` (wrong status: 409; wrong partner: 403) or
 * `ReferralNotFoundError` (404).
 */
export class ReassignReferralCommand extends Command<ReferralChanged> {
  constructor(
    readonly referralId: string,
    /** Who acts; the HTTP layer takes it from the verified token, never from a body. */
    readonly actor: ReferralActor,
    readonly worker: CaseWorker,
    readonly note?: string,
    /** Carried on the status-changed event as `correlationid`. */
    readonly correlationId?: string,
  ) {
    super();
  }
}
