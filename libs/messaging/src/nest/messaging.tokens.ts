/** Injection tokens of the messaging edge. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const TOPIC_REGISTRY = Symbol('TOPIC_REGISTRY');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
