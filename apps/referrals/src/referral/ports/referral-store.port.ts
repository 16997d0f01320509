import type { NewOutboxMessage } from '@beacon/persistence';
import type { AcceptDeadlines } from '../domain/accept-deadlines';
import type { ReferralEvent, ReferralState } from '../domain/referral.decider';

/** One lifecycle event as it is written to the history, with the event that announced it, if any. */
export interface RecordedEvent {
  readonly event: ReferralEvent;
  /** The status before the event (`undefined` before creation). */
  readonly fromStatus?: string;
  /** The id of the status-changed event that announces it on the log. */
  readonly publishedEventId?: string;
}

/** What a referral's arrival writes: the referral as its events left it, their history and their outbox messages. */
export interface ReceivedReferral {
  /** The `referral.created` event's id: the same event twice is one referral. */
  readonly sourceEventId: string;
  readonly state: Exclude<ReferralState, { status: 'absent' }>;
  readonly history: readonly RecordedEvent[];
  readonly outbox: readonly NewOutboxMessage[];
}

export type ReceiveOutcome =
  | {
      readonly kind: 'recorded';
      /** Other open referrals of the same subject to the same receiver, now all flagged possible duplicates. */
      readonly possibleDuplicateOf: readonly string[];
    }
  /** The event (or another event for the same referral id) was recorded before; nothing was written. */
  | { readonly kind: 'already-recorded' };

/** What a command's plan asks the store to write. */
export interface ReferralChange {
  readonly next: Exclude<ReferralState, { status: 'absent' }>;
  readonly history: readonly RecordedEvent[];
  readonly outbox: readonly NewOutboxMessage[];
}

/** A delivered referral whose accept deadline passed, as the escalation checker finds it. */
export interface OverdueReferral {
  readonly state: Exclude<ReferralState, { status: 'absent' }>;
  readonly receivedAt: Date;
}

/** What escalating a referral writes: its history entry and the outbox message that announces it. */
export interface ReferralEscalation {
  /** Recorded in the history as `ReferralEscalated`. */
  readonly historyEvent: { readonly type: 'ReferralEscalated'; readonly at: string } & Record<
    string,
    unknown
  >;
  readonly outbox: readonly NewOutboxMessage[];
}

/**
 * Referrals, their history and the outbox that announces their changes.
 * Every write puts the referral, its history rows and its outbox messages in
 * one transaction: an event is published if and only if its change committed.
 */
export interface ReferralStore {
  /** Records a referral that just arrived; idempotent by its source event id and by its referral id. */
  recordReceived(received: ReceivedReferral): Promise<ReceiveOutcome>;

  /**
   * Loads the referral and locks it for the rest of the transaction, so
   * concurrent commands are decided one after the other; asks `plan` what to
   * write, and writes it. A plan that throws (a refusal) writes nothing and
   * the error passes through. Resolves `undefined` when there is no such referral.
   */
  change<R>(
    referralId: string,
    plan: (state: Exclude<ReferralState, { status: 'absent' }>) => { change: ReferralChange; result: R },
  ): Promise<R | undefined>;

  /**
   * Escalates one delivered referral whose accept deadline (by its urgency,
   * from when it was received) passed and that was not escalated yet: marks
   * it escalated and writes what `plan` gives, in one transaction. Referrals
   * another instance is escalating are skipped (`FOR UPDATE SKIP LOCKED`),
   * so several instances share the work and none escalates a referral twice.
   * Resolves the referral's id, or `undefined` when none is overdue.
   */
  escalateNextOverdue(
    deadlines: AcceptDeadlines,
    plan: (overdue: OverdueReferral) => ReferralEscalation,
  ): Promise<string | undefined>;
}
