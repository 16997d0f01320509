import { Body, Controller, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hasIJsonBodyParser, useIJsonBodyParser } from './ijson-body-parser';

@Controller('v1/things')
class EchoController {
  @Post()
  echo(@Body() body: unknown) {
    return { body };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('the I-JSON body parser every app installs', () => {
  let app: INestApplication;
  let url: string;

  const post = async (body: string | Buffer, contentType = 'application/json') => {
    const response = await fetch(`${url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await NestFactory.create(EchoModule, { logger: false, abortOnError: false });
    useIJsonBodyParser(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('given an app it was installed on, then hasIJsonBodyParser says so (bootstrapApp then adds no other)', () => {
    expect(hasIJsonBodyParser(app)).toBe(true);
  });

  it('given a body with well-formed text, surrogate pairs written as escapes included, then the route gets it', async () => {
    // when
    const response = await post('{"reason":"\\ud83d\\ude00 ok","list":[{"a":1},{"a":2}]}');

    // then
    expect(response).toEqual({
      status: 201,
      body: { body: { reason: '😀 ok', list: [{ a: 1 }, { a: 2 }] } },
    });
  });

  it('given an escaped lone surrogate in a value, then the answer is 400 with its pointer and the I-JSON reason', async () => {
    // when
    const response = await post('{"reason":"fine","notes":["a","\\ud800"]}');

    // then
    expect(response).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        pointer: '/notes/1',
        message:
          '/notes/1: string contains a lone surrogate (U+D800); I-JSON (RFC 7493) requires valid Unicode',
      },
    });
  });

  it('given a lone surrogate in a member name, then the pointer shows it as U+FFFD', async () => {
    // when
    const response = await post('{"\\udc01x":1}');

    // then
    expect(response).toMatchObject({
      status: 400,
      body: {
        pointer: '/\ufffdx',
        message: expect.stringMatching(/member name contains a lone surrogate \(U\+DC01\)/),
      },
    });
  });

  it('given a member name twice in one object, then the answer is 400 rather than the last one silently winning', async () => {
    // when
    const response = await post('{"purpose":"care","purpose":"investigation"}');

    // then
    expect(response).toMatchObject({
      status: 400,
      body: {
        pointer: '/purpose',
        message: expect.stringMatching(/member name "purpose" occurs more than once in this object/),
      },
    });
  });

  it('given bytes that are not UTF-8, then the answer is 400 instead of replacement characters reaching the route', async () => {
    // when
    const response = await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));

    // then
    expect(response).toMatchObject({
      status: 400,
      body: { message: 'the body is not valid UTF-8; I-JSON (RFC 7493) requires UTF-8' },
    });
  });

  it('given a charset other than UTF-8, then the answer is 415', async () => {
    // when
    const response = await post(Buffer.from('{"a":"b"}', 'utf16le'), 'application/json; charset=utf-16le');

    // then
    expect(response.status).toBe(415);
  });
});
