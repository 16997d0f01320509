/**
 * A small Server-Sent Events client: `fetch` and the event-stream format
 * parsed as the HTML standard describes it (fields `id`, `event`, `data`;
 * comment lines starting with a colon; a blank line ends a message). It
 * keeps every message and comment, with the time each arrived, so a test
 * can assert on all of them (including what should not have arrived) and a
 * benchmark can time them. Used by the inbox suite and its benchmark.
 */

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
  /** When the message was complete on this side (ms since the epoch). */
  receivedAt: number;
}

export interface SseStream {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON body of a refusal (any status but 200), else undefined. */
  readonly body: unknown;
  readonly messages: SseMessage[];
  readonly comments: string[];
  /** Whether the stream has ended (the server closed it, or {@link close} was called). */
  readonly ended: boolean;
  /** Waits until `condition` holds of what arrived so far; rejects after `timeoutMs`. */
  waitFor(condition: (stream: SseStream) => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): void;
}

/** Opens `url`; resolves once the response headers are in (and, when refused, its body is read). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let body: unknown;
  if (response.status !== 200) {
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  let ended = response.status !== 200;
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    body,
    messages,
    comments,
    get ended() {
      return ended;
    },
    waitFor(condition, timeoutMs, what) {
      return new Promise<void>((resolve, reject) => {
        if (condition(stream)) return resolve();
        const check = () => {
          if (!condition(stream)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; got ${messages.length} messages: ${JSON.stringify(
                messages.map((m) => m.id),
              )}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      abort.abort();
    },
  };
  if (response.status === 200 && response.body) {
    void pump(
      response.body,
      (message) => messages.push(message),
      (comment) => comments.push(comment),
      () => {
        for (const waiter of [...waiters]) waiter();
      },
    ).finally(() => {
      ended = true;
      for (const waiter of [...waiters]) waiter();
    });
  }
  return stream;
}

async function pump(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
  onComment: (comment: string) => void,
  changed: () => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: { id?: string; event?: string; data: string[] } = { data: [] };
  const line = (text: string) => {
    if (text === '') {
      if (pending.data.length > 0) {
        onMessage({
          id: pending.id,
          event: pending.event ?? 'message',
          data: pending.data.join('\n'),
          receivedAt: Date.now(),
        });
      }
      pending = { data: [] };
      return;
    }
    if (text.startsWith(':')) {
      onComment(text.slice(1).trim());
      return;
    }
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') pending.data.push(value);
    else if (field === 'id') pending.id = value;
    else if (field === 'event') pending.event = value;
  };
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      // Lines end with \n or \r\n (what servers send; a lone \r is not supported here).
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const text of lines) line(text.endsWith('\r') ? text.slice(0, -1) : text);
      changed();
    }
  } catch {
    // Aborted by close(), or the server ended the stream: what arrived stays readable.
  }
}
