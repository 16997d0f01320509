import { Command } from '@nestjs/cqrs';
import type { CloudEvent } from '@beacon/messaging';

/** What receiving a `referral.created` came to. */
export type ReceiveReferralResult =
  | {
      readonly kind: 'delivered';
      readonly referralId: string;
      /** Other open referrals of the subject to the same receiver; all are now flagged. */
      readonly possibleDuplicateOf: readonly string[];
      readonly statusChangedEventId: string;
    }
  /** The same event (or the same referral) was received before: nothing was written. */
  | { readonly kind: 'already-received'; readonly referralId: string }
  /** The data is not valid `org.beacon.referral.created.v1`; the event is skipped. */
  | { readonly kind: 'invalid'; readonly reasons: readonly string[] };

/**
 * Take in a referral from the canonical log: record it, route it to its
 * receiver (delivered), and announce the delivery to both parties.
 */
export class ReceiveReferralCommand extends Command<ReceiveReferralResult> {
  constructor(readonly event: CloudEvent) {
    super();
  }
}
