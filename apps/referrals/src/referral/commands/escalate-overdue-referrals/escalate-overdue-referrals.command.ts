import { Command } from '@nestjs/cqrs';

/** What one round of the deadline check did. */
export interface EscalationRound {
  /** The referrals escalated in this round, each announced by one `referral.escalated`. */
  readonly escalated: readonly string[];
}

/**
 * Escalate the delivered referrals whose accept deadline passed, up to
 * `limit` in one round; the rest wait for the next round.
 */
export class EscalateOverdueReferralsCommand extends Command<EscalationRound> {
  constructor(readonly limit: number) {
    super();
  }
}
