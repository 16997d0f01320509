/** Injection token of the {@link InboundEventsPort}: where admitted events are appended. */
export const INBOUND_EVENTS_PORT = Symbol('INBOUND_EVENTS_PORT');
