import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** What {@link readRequestBody} needs of a request: its headers and its body stream. */
export type BodyStream = Readable & { readonly headers: IncomingHttpHeaders };

export type RawBody =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'encoded' | 'aborted'; readonly message?: string };

/**
 * Reads a request body of at most `maxBytes` into memory.
 *
 * A body declared or found to be larger is refused as soon as that is known,
 * without buffering the rest: it is read on and dropped, so the client gets
 * its answer on a connection that stays usable. Compressed bodies are refused
 * rather than inflated, since the limits are on what is parsed.
 */
export function readRequestBody(request: BodyStream, maxBytes: number): Promise<RawBody> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    request.resume();
    return Promise.resolve({
      ok: false,
      reason: 'encoded',
      message: `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not accepted; send the body uncompressed`,
    });
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RawBody) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAbort);
      request.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, reason: 'too-large' });
        // No listener is left: the rest flows past and is dropped.
        request.resume();
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => settle({ ok: true, bytes: Buffer.concat(chunks, size) });
    // 'close' before 'end' means the client went away mid-body.
    const onAbort = () => settle({ ok: false, reason: 'aborted', message: 'the request body ended early' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAbort);
    request.on('close', onAbort);
  });
}
