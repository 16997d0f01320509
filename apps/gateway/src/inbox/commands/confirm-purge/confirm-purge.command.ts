import { Command } from '@nestjs/cqrs';
import type { Principal } from '@beacon/auth';
import type { PurgeConfirmationRefusal, RetractionRecord } from '../../domain/retraction';

export type ConfirmPurgeResult =
  | { readonly kind: 'confirmed'; readonly retraction: RetractionRecord }
  | { readonly kind: 'refused'; readonly refusal: PurgeConfirmationRefusal }
  | { readonly kind: 'not-found'; readonly retractionId: string };

/** A partner's system confirms it purged, from its own records, the deliveries a retraction listed. */
export class ConfirmPurgeCommand extends Command<ConfirmPurgeResult> {
  constructor(
    readonly caller: Principal,
    readonly retractionId: string,
  ) {
    super();
  }
}
