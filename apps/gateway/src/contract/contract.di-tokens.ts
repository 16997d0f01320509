/** Injection token of the gateway's AsyncAPI document, rendered as YAML once at start. */
export const ASYNCAPI_YAML = Symbol('ASYNCAPI_YAML');
