export * from './platform.module';
export * from './platform.options';
export * from './health.controller';
export * from './bootstrap';
export * from './ijson-body-parser';
export * from './outbox';
