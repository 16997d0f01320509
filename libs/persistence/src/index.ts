export * from './schema-name';
export * from './data-source.options';
export * from './migrations-runner';
export * from './table-grants';
export * from './database-roles';
export * from './outbox';
export * from './consent';
export * from './nest';
