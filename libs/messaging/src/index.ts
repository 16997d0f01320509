export * from './topics';
export * from './kafka-config';
export * from './cloudevents';
export * from './safe-json';
export * from './event-publisher';
export * from './managed-consumer';
export * from './topic-admin';
export * from './acls';
