import { Body, Controller, type INestApplication, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { leaveIngestBodiesToTheRoute } from './ingest-body-parsing';

@Controller('v1/events')
class IngestProbeController {
  @Post()
  probe(@Req() request: IncomingMessage & { body?: unknown }) {
    return { bodyRead: request.readableEnded, body: request.body ?? null };
  }
}

@Controller('v1/other')
class OtherProbeController {
  @Post()
  echo(@Body() body: unknown) {
    return { body };
  }
}

@Module({ controllers: [IngestProbeController, OtherProbeController] })
class ProbeModule {}

describe('leaving ingest bodies to the route', () => {
  let app: INestApplication;
  let url: string;

  const post = async (path: string, body: string) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false, abortOnError: false });
    leaveIngestBodiesToTheRoute(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each(['/v1/events', '/v1/events/', '/V1/Events?trace=1'])(
    'given a JSON request to %s, then no parser ahead of the route has read its body',
    async (path) => {
      // when
      const response = await post(path, '{"id":"a"}');

      // then
      expect(response).toEqual({ status: 201, body: { bodyRead: false, body: null } });
    },
  );

  it('given a JSON request to any other route, then it is parsed as before', async () => {
    // when
    const response = await post('/v1/other', '{"id":"a"}');

    // then
    expect(response).toEqual({ status: 201, body: { body: { id: 'a' } } });
  });

  it('given a JSON body over 100 kB to any other route, then Nest’s default limit still refuses it', async () => {
    // when
    const response = await post('/v1/other', JSON.stringify({ narrative: 'x'.repeat(200_000) }));

    // then
    expect(response.status).toBe(413);
  });
});
