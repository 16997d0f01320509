import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpException } from '@nestjs/common';
import type { PinoLogger } from 'nestjs-pino';
import { UpstreamProxy, type ProxiedRequest } from './upstream-proxy';

/*
 * The proxy between two real HTTP servers on loopback: a stand-in for the
 * referrals service, and a bare Node server that hands every request to
 * UpstreamProxy as the gateway's controller does.
 */

const quietLogger = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('UpstreamProxy', () => {
  let upstream: Server;
  let gateway: Server;
  let gatewayUrl: string;
  let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[];
  let releaseSecondLine: () => void;
  let upstreamHandler: (request: IncomingMessage, response: ServerResponse, body: string) => void;

  async function start(referralsUrl: string): Promise<void> {
    const proxy = new UpstreamProxy({ referrals: referralsUrl, audit: 'http://127.0.0.1:9' }, quietLogger);
    gateway = createServer((request, response) => {
      (request as ProxiedRequest & { originalUrl: string }).originalUrl = request.url ?? '/';
      proxy.forward(request as ProxiedRequest, response).catch((error: unknown) => {
        const status = error instanceof HttpException ? error.getStatus() : 500;
        const body = error instanceof HttpException ? error.getResponse() : { message: String(error) };
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    gatewayUrl = await listen(gateway);
  }

  beforeEach(async () => {
    seen = [];
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        upstreamHandler(request, response, body);
      });
    });
    await start(await listen(upstream));
  });

  afterEach(async () => {
    await close(gateway);
    await close(upstream);
  });

  it('given an NDJSON export, then the first line reaches the caller before the service has written the second', async () => {
    // given
    const secondLineAllowed = new Promise<void>((resolve) => (releaseSecondLine = resolve));
    upstreamHandler = (_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/x-ndjson',
        'content-disposition': 'attachment; filename="records.ndjson"',
        'x-beacon-subject-ids': 's-1,s-2',
        'set-cookie': 'session=1',
      });
      response.write('{"n":1}\n');
      void secondLineAllowed.then(() => response.end('{"n":2}\n'));
    };

    // when
    const answer = await fetch(`${gatewayUrl}/v1/referrals?limit=2`);
    const reader = answer.body?.getReader();
    const first = await reader?.read();
    releaseSecondLine();
    let rest = '';
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      rest += Buffer.from(chunk.value).toString();
    }

    // then
    expect(Buffer.from(first?.value ?? new Uint8Array()).toString()).toBe('{"n":1}\n');
    expect(rest).toBe('{"n":2}\n');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="records.ndjson"');
    expect(answer.headers.get('x-beacon-subject-ids')).toBe('s-1,s-2');
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('given a POST with a token, a request id and cookies, then the service gets the method, path, query, body and the forwarded headers only', async () => {
    // given
    upstreamHandler = (_request, response) =>
      response.writeHead(409, { 'content-type': 'application/json' }).end('{"code":"invalid_transition"}');

    // when
    const answer = await fetch(
      `${gatewayUrl}/v1/referrals/a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95/decline?x=1`,
      {
        method: 'POST',
        headers: {
          authorization: 'Bearer t0ken',
          'content-type': 'application/json',
          'x-request-id': 'req-7',
          'x-forwarded-for': '203.0.113.7',
          cookie: 'session=1',
        },
        body: '{"reason":"lack-of-capacity"}',
      },
    );

    // then
    expect(answer.status).toBe(409);
    expect(await answer.json()).toEqual({ code: 'invalid_transition' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/referrals/a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95/decline?x=1',
      body: '{"reason":"lack-of-capacity"}',
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer t0ken',
      'content-type': 'application/json',
      'x-request-id': 'req-7',
      'x-forwarded-for': '203.0.113.7, 127.0.0.1',
    });
    expect(seen[0]?.headers.cookie).toBeUndefined();
  });

  it('given a path that climbs out of its route, then it is refused and nothing reaches the service', async () => {
    // when: sent as written (fetch would resolve the dot segments itself)
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(
        { host: '127.0.0.1', port: new URL(gatewayUrl).port, path: '/v1/referrals/%2e%2e/health' },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      ).on('error', reject),
    );

    // then
    expect(status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('given the service is not listening, then the answer is 502 naming it', async () => {
    // given
    await close(gateway);
    await start('http://127.0.0.1:9');

    // when
    const answer = await fetch(`${gatewayUrl}/v1/referrals`);

    // then
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ code: 'upstream_unavailable', service: 'referrals' });
  });
});
