import type { InboxItem, NewInboxItem } from '../domain/inbox-item';
import type { InboxRetraction } from '../domain/retraction';

/** Where deliveries wait for case workers, per partner, in arrival order. */
export interface InboxStore {
  /**
   * Stores items; one already stored (same topic, partition and offset) is
   * left as it is, so a batch read again after a crash stores nothing twice.
   * In the same transaction, records `retractions` (carried by some of the
   * items) and removes every delivery they list from the partner's inbox;
   * a listed delivery that arrives later is never stored. Once committed,
   * the partners whose inbox grew are signalled (see
   * {@link InboxNotifications}). Returns how many items were new and how
   * many were purged.
   */
  append(
    items: readonly NewInboxItem[],
    retractions?: readonly InboxRetraction[],
  ): Promise<{ stored: number; purged: number }>;
  /** One partner's items with a sequence number above `after`, oldest first, at most `limit`. */
  listAfter(partnerId: string, after: number, limit: number): Promise<InboxItem[]>;
  /** Deletes items that arrived before `cutoff`; returns how many. */
  purgeReceivedBefore(cutoff: Date): Promise<number>;
}
