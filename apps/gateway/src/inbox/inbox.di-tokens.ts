/** Injection token of the {@link InboxStore}: where deliveries are kept for case workers. */
export const INBOX_STORE = Symbol('INBOX_STORE');
/** Injection token of the {@link InboxNotifications}: the signal that a partner's inbox grew. */
export const INBOX_NOTIFICATIONS = Symbol('INBOX_NOTIFICATIONS');
/** Injection token of the {@link StreamTicketStore}. */
export const STREAM_TICKET_STORE = Symbol('STREAM_TICKET_STORE');
/** Injection token of the {@link InboxSettings}. */
export const INBOX_SETTINGS = Symbol('INBOX_SETTINGS');
/** Injection token of the {@link RetractionStore}: retractions the inbox applied, and partners' purge confirmations. */
export const RETRACTION_STORE = Symbol('RETRACTION_STORE');
