/**
 * The signal that a partner's inbox grew. It carries no items: a listener
 * reads what is new from the store, from the last item it sent, so a lost
 * or merged signal can delay an item but never skip or repeat one.
 */
export interface InboxNotifications {
  /** Calls `onChange` whenever the partner's inbox may have grown; returns the unsubscribe function. */
  subscribe(partnerId: string, onChange: () => void): () => void;
}
