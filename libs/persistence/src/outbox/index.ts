export * from './outbox-message';
export * from './outbox-relay';
export * from './postgres-outbox.store';
export * from './outbox-table';
