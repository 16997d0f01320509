/**
 * Why a request or token was refused. The codes are part of the HTTP contract
 * (they appear in 401 bodies), so partners can tell an expired token from a
 * forged one without parsing prose.
 */
export type AuthErrorCode =
  | 'missing_token'
  | 'malformed'
  | 'forbidden_header'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'key_retired'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_issuer'
  | 'bad_audience'
  | 'missing_claim'
  | 'invalid_claim'
  /** The token is good, but its partner is suspended, removed or unknown to the directory. */
  | 'partner_inactive';

/**
 * A refused credential. Messages name what is wrong but never carry the token:
 * they end up in logs and HTTP bodies, and a token in a log is a usable token.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MAX_QUOTED_LENGTH = 40;

/**
 * Quotes an attacker-controlled header or claim value for an error message.
 *
 * Values are JSON-encoded (so control characters cannot forge log lines) and
 * cut short (so a hostile header cannot flood logs).
 */
export function quoteUntrusted(value: unknown): string {
  const encoded = JSON.stringify(value) ?? String(value);
  return encoded.length > MAX_QUOTED_LENGTH ? `${encoded.slice(0, MAX_QUOTED_LENGTH)}…` : encoded;
}
