import {
  bodyTooLargeMessage,
  checkEventBatch,
  ingestModeOf,
  MAX_EVENT_BYTES,
  MAX_REQUEST_BYTES,
  parseEventBatch,
} from './event-batch';

const event = (id: string) => ({ specversion: '1.0', id, data: { narrative: 'n' } });
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('reading the media type of an ingest request', () => {
  it.each([
    ['application/cloudevents+json', 'event', MAX_EVENT_BYTES],
    ['application/cloudevents-batch+json', 'batch', MAX_REQUEST_BYTES],
    ['application/json', 'json', MAX_REQUEST_BYTES],
    ['Application/CloudEvents+JSON; charset=UTF-8', 'event', MAX_EVENT_BYTES],
    ['application/json;charset="utf8"', 'json', MAX_REQUEST_BYTES],
  ])('given %s, then it is read as %s with a limit of %i bytes', (contentType, mode, maxBytes) => {
    expect(ingestModeOf(contentType)).toEqual({ ok: true, mode, maxBytes });
  });

  it('given another media type, then the answer is 415 naming the ones accepted', () => {
    expect(ingestModeOf('text/plain')).toEqual({
      ok: false,
      status: 415,
      message:
        'Content-Type "text/plain" is not accepted; send application/cloudevents+json (one event), ' +
        'application/cloudevents-batch+json (an array of up to 500) or application/json (either)',
    });
  });

  it('given no content type, then the answer is 415', () => {
    expect(ingestModeOf(undefined)).toMatchObject({ ok: false, status: 415 });
    expect(ingestModeOf(' ')).toMatchObject({ ok: false, status: 415 });
  });

  it('given a charset other than UTF-8, then the answer is 415: JSON is UTF-8', () => {
    expect(ingestModeOf('application/json; charset=latin1')).toEqual({
      ok: false,
      status: 415,
      message: 'charset "latin1" is not accepted; JSON is UTF-8',
    });
  });

  it('given the media type of one event, then a body over 1 MiB is too large; otherwise one over 8 MiB', () => {
    expect(bodyTooLargeMessage('event')).toMatch(/larger than 1048576 bytes \(1 MiB\)/);
    expect(bodyTooLargeMessage('batch')).toMatch(/larger than 8388608 bytes \(8 MiB\).*send fewer events/);
  });
});

describe('parsing the body of an ingest request', () => {
  it('given one event as application/cloudevents+json, then it is a batch of one', () => {
    expect(parseEventBatch(bytes(event('a')), 'event')).toEqual({ ok: true, events: [event('a')] });
  });

  it('given an array of events as application/cloudevents-batch+json, then they keep their order', () => {
    expect(parseEventBatch(bytes([event('a'), event('b')]), 'batch')).toEqual({
      ok: true,
      events: [event('a'), event('b')],
    });
  });

  it('given application/json, then an object is one event and an array a batch', () => {
    expect(parseEventBatch(bytes(event('a')), 'json')).toEqual({ ok: true, events: [event('a')] });
    expect(parseEventBatch(bytes([event('a')]), 'json')).toEqual({ ok: true, events: [event('a')] });
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 'json', /^the body is empty/],
    ['bytes that are not UTF-8', Buffer.from([0x5b, 0xff, 0x5d]), 'json', /^the body is not valid UTF-8$/],
    ['text that is not JSON', Buffer.from('{"id": '), 'json', /^the body is not JSON: /],
    ['a JSON string', bytes('hello'), 'json', /^the body is a string; send one CloudEvent as a JSON object/],
    ['null', bytes(null), 'json', /^the body is null;/],
    ['an array as one event', bytes([event('a')]), 'event', /carries one event as a JSON object/],
    ['an object as a batch', bytes(event('a')), 'batch', /carries a JSON array of events, not an object/],
    ['an empty batch', bytes([]), 'batch', /^the batch is empty; send between 1 and 500 events$/],
    [
      'a batch holding a number',
      bytes([event('a'), 7]),
      'batch',
      /^the event at index 1 is a number, not a JSON object$/,
    ],
  ] as const)('given %s, then the answer is 400 saying so', (_name, body, mode, message) => {
    // when
    const result = parseEventBatch(body, mode);

    // then
    expect(result).toEqual({ ok: false, status: 400, message: expect.stringMatching(message) });
  });

  it('given a lone surrogate or a repeated member name anywhere in the body, then the answer is 400 with its pointer into the body', () => {
    // given: JSON.stringify writes a lone surrogate as an escape, which JSON.parse reads back as one
    const surrogate = bytes([event('a'), { ...event('b'), data: { narrative: 'at the \ud800 dock' } }]);
    const repeated = Buffer.from('[{"specversion":"1.0","id":"a","id":"b","data":{}}]');

    // when / then
    expect(parseEventBatch(surrogate, 'batch')).toEqual({
      ok: false,
      status: 400,
      pointer: '/1/data/narrative',
      message:
        '/1/data/narrative: string contains a lone surrogate (U+D800); I-JSON (RFC 7493) requires valid Unicode',
    });
    expect(parseEventBatch(repeated, 'json')).toEqual({
      ok: false,
      status: 400,
      pointer: '/0/id',
      message: expect.stringMatching(
        /^\/0\/id: member name "id" occurs more than once in this object; I-JSON/,
      ),
    });
  });

  it('given 500 events, then they are accepted; given 501, then the answer is 400 with the count', () => {
    // given
    const batch = Array.from({ length: 500 }, (_, i) => event(`e${i}`));

    // when / then
    expect(checkEventBatch(batch, 'batch')).toMatchObject({ ok: true });
    expect(checkEventBatch([...batch, event('one-too-many')], 'batch')).toEqual({
      ok: false,
      status: 400,
      message: 'the batch holds 501 events; at most 500 are accepted per request',
    });
  });

  it('given an event over 1 MiB as JSON, then the answer is 413 naming its index', () => {
    // given
    const big = { ...event('big'), data: { narrative: 'x'.repeat(MAX_EVENT_BYTES) } };

    // when
    const result = checkEventBatch([event('a'), big], 'batch');

    // then
    expect(result).toEqual({
      ok: false,
      status: 413,
      message: expect.stringMatching(/^the event at index 1 is \d+ bytes as JSON; at most 1048576 \(1 MiB\)/),
    });
  });

  it('given a body nested far deeper than any event may be, then the answer is 400 before anything serialises it', () => {
    // given: deep enough to exhaust the stack of a recursive JSON.stringify
    const depth = 200_000;
    const body = Buffer.from(`[{"data":${'['.repeat(depth)}${']'.repeat(depth)}}]`);

    // when
    const result = parseEventBatch(body, 'batch');

    // then
    expect(result).toEqual({ ok: false, status: 400, message: 'the body nests deeper than 64 levels' });
  });

  it('given data nested deeper than intake allows but within the body bound, then the batch passes on to admission', () => {
    // given: 40 levels of data; intake's own bound of 32 will refuse it with its reason
    let data: unknown = 'leaf';
    for (let i = 0; i < 40; i++) data = { d: data };

    // when / then
    expect(checkEventBatch([{ ...event('a'), data }], 'batch')).toMatchObject({ ok: true });
  });
});
