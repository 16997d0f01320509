import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { ConsentView } from '../../consent-view';
import type { ConfirmationRefusal } from '../../domain/consent-trust';

/** What confirming a consent came to. */
export type ConfirmConsentResult =
  | { readonly kind: 'confirmed'; readonly consent: ConsentView; readonly eventId: string }
  | { readonly kind: 'refused'; readonly refusal: ConfirmationRefusal }
  | { readonly kind: 'not-found'; readonly consentId: string };

/**
 * A supervisor of the recording organisation confirms a pending consent:
 * from then on it is in force, and its granted event is published.
 */
export class ConfirmConsentCommand extends Command<ConfirmConsentResult> {
  constructor(
    readonly caller: Principal,
    readonly consentId: string,
    /** Carried on the event as `correlationid`. */
    readonly correlationId?: string,
  ) {
    super();
  }
}
