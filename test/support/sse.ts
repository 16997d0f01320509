/**
 * The suites' Server-Sent Events client (the inbox stream). It lives in
 * scripts/lib so that the inbox benchmark uses the same parser; see there.
 */
export { openSse, type SseMessage, type SseStream } from '../../scripts/lib/sse-client';
