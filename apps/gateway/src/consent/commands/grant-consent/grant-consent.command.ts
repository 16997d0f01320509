import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { ValidationError } from '@beacon/contracts';
import type { ConsentView } from '../../consent-view';
import type { GrantRefusal } from '../../domain/consent-trust';

/** What recording a consent came to; the controller turns each kind into its HTTP answer. */
export type GrantConsentResult =
  /** `eventId` is absent while the consent waits for a supervisor: its event is published on confirmation. */
  | { readonly kind: 'recorded'; readonly consent: ConsentView; readonly eventId?: string }
  /** The body is not valid `org.beacon.consent.granted.v1` data, lacks evidence, or speaks for another organisation. */
  | { readonly kind: 'invalid'; readonly errors: readonly ValidationError[] }
  | { readonly kind: 'refused'; readonly refusal: GrantRefusal }
  /** Whether the organisation holds a relationship with the subject could not be read. */
  | { readonly kind: 'unavailable'; readonly message: string }
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
