export * from './outbox-cloud-event';
export * from './kafka-outbox.publisher';
export * from './outbox-relay.service';
