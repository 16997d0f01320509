import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { readRequestBody, type BodyStream } from './read-request-body';

function request(chunks: readonly string[], headers: IncomingHttpHeaders = {}): BodyStream {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers });
}

describe('reading a request body within a limit', () => {
  it('given a body within the limit, then all of it is read', async () => {
    await expect(readRequestBody(request(['{"a":', '1}']), 100)).resolves.toEqual({
      ok: true,
      bytes: Buffer.from('{"a":1}'),
    });
  });

  it('given a declared length over the limit, then it is refused without reading', async () => {
    // given
    const body = request(['x'.repeat(10)], { 'content-length': '101' });

    // when / then
    await expect(readRequestBody(body, 100)).resolves.toEqual({ ok: false, reason: 'too-large' });
  });

  it('given an undeclared length that turns out over the limit, then it is refused and the rest is drained', async () => {
    // given
    const body = request(['x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60)]);

    // when
    const result = await readRequestBody(body, 100);

    // then
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    await finished(body);
    expect(body.readableEnded).toBe(true);
  });

  it('given a compressed body, then it is refused: the limits are on what is parsed', async () => {
    await expect(readRequestBody(request(['…'], { 'content-encoding': 'gzip' }), 100)).resolves.toEqual({
      ok: false,
      reason: 'encoded',
      message: 'Content-Encoding "gzip" is not accepted; send the body uncompressed',
    });
  });

  it('given a client that goes away mid-body, then the read ends as aborted', async () => {
    // given
    const body = Object.assign(new Readable({ read: () => undefined }), { headers: {} });
    body.push('{"a":');

    // when
    const reading = readRequestBody(body, 100);
    body.destroy();

    // then
    await expect(reading).resolves.toMatchObject({ ok: false, reason: 'aborted' });
  });
});
