export * from './platform.module';
export * from './platform.options';
export * from './health.controller';
export * from './bootstrap';
export * from './outbox';
