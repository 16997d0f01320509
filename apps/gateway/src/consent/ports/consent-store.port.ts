import type { NewOutboxMessage } from '@beacon/persistence';
import type { Consent, Revocation } from '../domain/consent';

/**
 * What a revocation's `plan` returns: either nothing to write (a refusal,
 * answered with `result`), or the revocation, the consent after it and the
 * event announcing it, to be written together.
 */
export type RevocationPlan<R> =
  | { readonly write: false; readonly result: R }
  | {
      readonly write: true;
      readonly revocation: Revocation;
      readonly next: Consent;
      readonly event: NewOutboxMessage;
      readonly result: R;
    };

/**
 * Consent records and the outbox that announces their changes. Every
 * change writes its rows and its outbox message in one transaction: the
 * event is published if and only if the change committed.
 */
/**
 * What a confirmation's `plan` returns: nothing to write (a refusal), or the
 * consent after it and the event announcing it.
 */
export type ConfirmationPlan<R> =
  | { readonly write: false; readonly result: R }
  | { readonly write: true; readonly next: Consent; readonly event: NewOutboxMessage; readonly result: R };

export interface ConsentStore {
  /**
   * Records a new consent and, unless it waits for confirmation (`event`
   * undefined), the event announcing it. Resolves `false`, writing nothing,
   * when a consent with the same id already exists.
   */
  recordGrant(consent: Consent, event: NewOutboxMessage | undefined): Promise<boolean>;

  /** How many consents `subject` of `partnerId` recorded at or after `since`. */
  countRecordedBy(partnerId: string, subject: string, since: Date): Promise<number>;

  /** Consents flagged for auditors, recorded at or after `since`, newest first, at most `limit`. */
  listFlagged(since: Date, limit: number): Promise<Consent[]>;

  /**
   * Like {@link revoke}: loads the consent recorded by `partnerId` under a
   * row lock, asks `plan`, writes what it says (the confirmation and the
   * granted event). Resolves `undefined` when there is no such consent.
   */
  confirm<R>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => ConfirmationPlan<R>,
  ): Promise<R | undefined>;

  /** The subject's consents recorded by `partnerId`, oldest grant first, each with its revocations. */
  listForSubject(subjectId: string, partnerId: string): Promise<Consent[]>;

  /**
   * Loads the consent recorded by `partnerId` and locks it for the rest of
   * the transaction, so concurrent revocations are decided one after the
   * other; asks `plan` what to do, and writes what it says. Resolves with
   * the plan's result, or `undefined` when there is no such consent (or
   * another partner recorded it).
   */
  revoke<R>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => RevocationPlan<R>,
  ): Promise<R | undefined>;
}
