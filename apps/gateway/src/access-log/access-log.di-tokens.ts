/** Injection tokens of the access log. */
export const ACCESS_RECORD_WRITER = Symbol('ACCESS_RECORD_WRITER');
export const ACCESS_LOG_SETTINGS = Symbol('ACCESS_LOG_SETTINGS');

export interface AccessLogSettings {
  /** How long an answer waits for its record's acknowledgement before it is refused with 503. */
  readonly writeTimeoutMs: number;
}
