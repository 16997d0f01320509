/**
 * The audit chain's pure core: canonical JSON, row hashing, checkpoint
 * signing, chain verification and the export format. No Nest, no database,
 * no Kafka: the audit app and the offline verifier (`scripts/audit/verify.ts`)
 * run the same code, so what the service writes is what an auditor checks.
 */
export * from './canonical-json';
export * from './record-summary';
export * from './chain-link';
export * from './checkpoint';
export * from './append-plan';
export * from './chain-verifier';
export * from './audit-export';
export * from './audit-record-view';
export * from './records-export';
