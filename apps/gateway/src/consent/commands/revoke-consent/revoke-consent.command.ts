import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { ValidationError } from '@beacon/contracts';
import type { ConsentView } from '../../consent-view';
import type { RevocationRefusal } from '../../domain/consent';

/** What a revocation came to; the controller turns each kind into its HTTP answer. */
export type RevokeConsentResult =
  | { readonly kind: 'revoked'; readonly consent: ConsentView; readonly eventId: string }
  /** The body does not make valid `org.beacon.consent.revoked.v1` data, or names a grantee the consent lacks. */
  | { readonly kind: 'invalid'; readonly errors: readonly ValidationError[] }
  | { readonly kind: 'not-found'; readonly consentId: string }
  /** The consent, or the grantee, has nothing left in force to revoke. */
  | {
      readonly kind: 'refused';
      readonly refusal: Exclude<RevocationRefusal, { kind: 'unknown-grantee' }>;
    };

/**
 * Withdraw a consent, wholly or for one grantee, and announce it on the
 * canonical log. Only the organisation that recorded the consent may.
 */
export class RevokeConsentCommand extends Command<RevokeConsentResult> {
  constructor(
    readonly caller: Principal,
    readonly consentId: string,
    /** The request body as received: `reason`, and optionally `grantee` and `notes`. */
    readonly body: unknown,
    /** Carried on the event as `correlationid`. */
    readonly correlationId?: string,
  ) {
    super();
  }
}
