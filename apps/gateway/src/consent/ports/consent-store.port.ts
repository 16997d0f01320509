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
export interface ConsentStore {
  /**
   * Records a new consent and the event announcing it. Resolves `false`,
   * writing nothing, when a consent with the same id already exists.
   */
  recordGrant(consent: Consent, event: NewOutboxMessage): Promise<boolean>;

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
