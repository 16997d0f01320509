import type { PurgeConfirmationRefusal, RetractionRecord } from '../domain/retraction';

/** Who confirmed a purge: the partner system's token. */
export interface PurgeConfirmer {
  readonly partnerId: string;
  readonly subject: string;
  readonly tokenId?: string;
}

/** What listing retractions may be narrowed to. */
export interface RetractionFilter {
  /** Only those the partner has not confirmed. */
  readonly unconfirmed: boolean;
  /** Only those received before this time. */
  readonly receivedBefore?: Date;
  readonly partnerId?: string;
  readonly limit: number;
}

/** The retractions the inbox applied (written by {@link InboxStore.append}) and their confirmations. */
export interface RetractionStore {
  /**
   * Records that the partner purged the retraction's deliveries from its own
   * systems, if `decide` allows it, under a row lock. Resolves undefined
   * when the partner received no such retraction.
   */
  confirmPurge(
    retractionId: string,
    confirmer: PurgeConfirmer,
    at: Date,
    decide: (current: RetractionRecord) => { ok: true } | { ok: false; refusal: PurgeConfirmationRefusal },
  ): Promise<
    | { readonly ok: true; readonly retraction: RetractionRecord }
    | { readonly ok: false; readonly refusal: PurgeConfirmationRefusal }
    | undefined
  >;

  /** Retractions, oldest first. */
  list(filter: RetractionFilter): Promise<RetractionRecord[]>;
}
