import { checkIJson } from '@beacon/contracts';
import { describeJson, type StructuredEvent } from './structured-event';

/** The media types `POST /v1/events` reads, and what each carries. */
export const INGEST_MEDIA_TYPES = {
  /** One event, CloudEvents JSON format (structured content mode). */
  event: 'application/cloudevents+json',
  /** A JSON array of events, CloudEvents JSON batch format. */
  batch: 'application/cloudevents-batch+json',
  /** Either shape: an object is one event, an array a batch. */
  json: 'application/json',
} as const;

export type IngestMode = keyof typeof INGEST_MEDIA_TYPES;

/** The most events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 500;
/** The largest event accepted, as compact JSON: intake's bound on a record body. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** The largest request body accepted. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/**
 * The deepest nesting a request may have. Intake refuses data nested deeper
 * than 32 levels with its own reason; this bound only stops bodies built to
 * exhaust the stack of the code that serialises them, and leaves room for
 * the batch and the envelope around the data.
 */
export const MAX_BODY_DEPTH = 64;

/** Why a request body is not a batch of events, as an HTTP status and a message for the sender. */
export interface BodyProblem {
  readonly ok: false;
  readonly status: 400 | 413 | 415;
  readonly message: string;
  /** A JSON pointer into the body, when the problem is one value in it. */
  readonly pointer?: string;
}

export type MediaTypeCheck =
  { readonly ok: true; readonly mode: IngestMode; readonly maxBytes: number } | BodyProblem;

export type EventBatch = { readonly ok: true; readonly events: readonly StructuredEvent[] } | BodyProblem;

const problem = (status: BodyProblem['status'], message: string): BodyProblem => ({
  ok: false,
  status,
  message,
});

const ACCEPTED_TYPES =
  `${INGEST_MEDIA_TYPES.event} (one event), ${INGEST_MEDIA_TYPES.batch} (an array of up to ` +
  `${MAX_EVENTS_PER_REQUEST}) or ${INGEST_MEDIA_TYPES.json} (either)`;

/**
 * Reads the `Content-Type` of an ingest request: which shape the body must
 * have and how many bytes it may take. JSON is UTF-8 (RFC 8259), so another
 * charset is refused rather than guessed at.
 */
export function ingestModeOf(contentType: string | undefined): MediaTypeCheck {
  if (contentType === undefined || contentType.trim() === '') {
    return problem(415, `the request has no Content-Type; send ${ACCEPTED_TYPES}`);
  }
  const [essence, ...parameters] = contentType.split(';').map((part) => part.trim());
  const mode = (Object.keys(INGEST_MEDIA_TYPES) as IngestMode[]).find(
    (key) => INGEST_MEDIA_TYPES[key] === essence.toLowerCase(),
  );
  if (mode === undefined) {
    return problem(
      415,
      `Content-Type ${JSON.stringify(essence.slice(0, 100))} is not accepted; send ${ACCEPTED_TYPES}`,
    );
  }
  const charset = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name.trim().toLowerCase() === 'charset')?.[1];
  if (charset !== undefined && !/^"?utf-?8"?$/i.test(charset.trim())) {
    return problem(
      415,
      `charset ${JSON.stringify(charset.trim().slice(0, 40))} is not accepted; JSON is UTF-8`,
    );
  }
  return { ok: true, mode, maxBytes: mode === 'event' ? MAX_EVENT_BYTES : MAX_REQUEST_BYTES };
}

/** The 413 message for a body over the limit of its media type. */
export function bodyTooLargeMessage(mode: IngestMode): string {
  return mode === 'event'
    ? `the body is larger than ${MAX_EVENT_BYTES} bytes (1 MiB), the most one event may take`
    : `the body is larger than ${MAX_REQUEST_BYTES} bytes (8 MiB), the most one request may take; ` +
        `send fewer events per request`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the bytes of a request body into a batch of events, or says what is wrong with them. */
export function parseEventBatch(bytes: Buffer, mode: IngestMode): EventBatch {
  if (bytes.length === 0) {
    return problem(400, 'the body is empty; send one CloudEvent as a JSON object or a batch as a JSON array');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return problem(400, 'the body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return problem(400, `the body is not JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  // JSON.parse has already kept the last of two same names and kept lone surrogates; only the text can tell.
  const violation = checkIJson(text, value);
  if (violation !== undefined) {
    return {
      ...problem(400, `${violation.pointer || 'the body'}: ${violation.message}`),
      pointer: violation.pointer,
    };
  }
  return checkEventBatch(value, mode);
}

/**
 * Checks the shape of a parsed body, not its events' contents (admission
 * judges those, one by one): one object for `event`, a non-empty array of at
 * most {@link MAX_EVENTS_PER_REQUEST} objects for `batch`, either for `json`;
 * no event over {@link MAX_EVENT_BYTES} as compact JSON (413).
 */
export function checkEventBatch(value: unknown, mode: IngestMode): EventBatch {
  const isBatch = Array.isArray(value);
  if (mode === 'event' && isBatch) {
    return problem(
      400,
      `${INGEST_MEDIA_TYPES.event} carries one event as a JSON object; send an array as ${INGEST_MEDIA_TYPES.batch}`,
    );
  }
  if (mode === 'batch' && !isBatch) {
    return problem(
      400,
      `${INGEST_MEDIA_TYPES.batch} carries a JSON array of events, not ${describeJson(value)}`,
    );
  }
  if (!isBatch && !isObject(value)) {
    return problem(
      400,
      `the body is ${describeJson(value)}; send one CloudEvent as a JSON object or a batch as a JSON array`,
    );
  }
  const events: unknown[] = isBatch ? value : [value];
  if (events.length === 0) {
    return problem(400, `the batch is empty; send between 1 and ${MAX_EVENTS_PER_REQUEST} events`);
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    return problem(
      400,
      `the batch holds ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} are accepted per request`,
    );
  }
  const notAnEvent = events.findIndex((event) => !isObject(event));
  if (notAnEvent >= 0) {
    return problem(
      400,
      `the event at index ${notAnEvent} is ${describeJson(events[notAnEvent])}, not a JSON object`,
    );
  }
  // Checked before anything serialises the body: JSON.stringify recurses.
  if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
    return problem(400, `the body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  for (const [index, event] of events.entries()) {
    const size = Buffer.byteLength(JSON.stringify(event), 'utf8');
    if (size > MAX_EVENT_BYTES) {
      const which = isBatch ? `the event at index ${index}` : 'the event';
      return problem(
        413,
        `${which} is ${size} bytes as JSON; at most ${MAX_EVENT_BYTES} (1 MiB) are accepted per event`,
      );
    }
  }
  return { ok: true, events: events as StructuredEvent[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Walks without recursion, so a hostile body cannot exhaust the stack here either. */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
