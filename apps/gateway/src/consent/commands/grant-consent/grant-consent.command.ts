import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { ValidationError } from '@beacon/contracts';
import type { ConsentView } from '../../consent-view';

/** What recording a consent came to; the controller turns each kind into its HTTP answer. */
export type GrantConsentResult =
  | { readonly kind: 'recorded'; readonly consent: ConsentView; readonly eventId: string }
  /** The body is not valid `org.beacon.consent.granted.v1` data, or speaks for another organisation. */
  | { readonly kind: 'invalid'; readonly errors: readonly ValidationError[] }
  | { readonly kind: 'duplicate'; readonly consentId: string };

/**
 * Record a consent a person gave, and announce it on the canonical log.
 * The recording organisation is the caller's, checked against the body.
 */
export class GrantConsentCommand extends Command<GrantConsentResult> {
  constructor(
    readonly caller: Principal,
    /** The request body as received: meant to be `org.beacon.consent.granted.v1` data. */
    readonly body: unknown,
    /** Carried on the event as `correlationid`. */
    readonly correlationId?: string,
  ) {
    super();
  }
}
