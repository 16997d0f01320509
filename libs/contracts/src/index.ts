/**
 * @beacon/contracts — Beacon's event contracts: the JSON Schemas under
 * schemas/ compiled once, plain-English validation, data categories per
 * leaf path, the BACKWARD_TRANSITIVE compatibility checker, the generated
 * TypeScript types of event data, the AsyncAPI document builder, and the
 * I-JSON (RFC 7493) check every JSON body from outside passes.
 * Pure TypeScript: no Nest, no Kafka client, no database; it reads files only
 * to load the schemas.
 */
export * from './categories';
export * from './event-type';
export * from './schema-ref';
export * from './category-check';
export * from './validation-messages';
export * from './schema-registry';
export * from './compatibility';
export * from './event-flows';
export * from './asyncapi';
export * from './examples';
export * from './api-views';
export * from './i-json';
export * from './generated/events';
