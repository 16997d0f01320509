import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  BadGatewayException,
  BadRequestException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { UPSTREAM_BASE_URLS } from './upstream.di-tokens';
import {
  FORWARDED_REQUEST_HEADERS,
  forwardedFor,
  isReturnedHeader,
  matchUpstream,
  type UpstreamService,
} from './upstream-routes';

/** The request as Express hands it over: Node's message, the URL as received, the body if a parser read it. */
export interface ProxiedRequest extends IncomingMessage {
  readonly originalUrl: string;
  readonly body?: unknown;
}

function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Hands a request on to the service its path belongs to and streams the
 * answer back as it comes (status, content type, content disposition and
 * the `x-beacon-*` headers), so large exports and event streams pass
 * through without being held in memory. The gateway's guard has verified
 * the token before; the service verifies it again and decides.
 */
@Injectable()
export class UpstreamProxy {
  constructor(
    @Inject(UPSTREAM_BASE_URLS) private readonly baseUrls: Readonly<Record<UpstreamService, string>>,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('upstream');
  }

  async forward(request: ProxiedRequest, response: ServerResponse): Promise<void> {
    const match = matchUpstream(request.originalUrl, this.baseUrls);
    if (match.kind === 'unsafe-path') {
      throw new BadRequestException({
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'Bad Request',
        message: 'path: must not hold dot segments, empty segments or encoded slashes',
        code: 'invalid_path',
      });
    }
    if (match.kind === 'no-route') {
      throw new NotFoundException({
        statusCode: HttpStatus.NOT_FOUND,
        error: 'Not Found',
        message: 'no such route',
      });
    }

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = headerText(request, name);
      if (value !== undefined) headers.set(name, value);
    }
    const xff = forwardedFor(headerText(request, 'x-forwarded-for'), request.socket.remoteAddress);
    if (xff !== undefined) headers.set('x-forwarded-for', xff);
    // Passed through as it comes: the caller sees the bytes the service sent.
    headers.set('accept-encoding', 'identity');

    const method = (request.method ?? 'GET').toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : requestBody(request);
    const abort = new AbortController();
    // A caller that goes away (a closed inbox tab) must not leave the service streaming to no one.
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });

    let upstream: Response;
    try {
      upstream = await fetch(match.target, {
        method,
        headers,
        redirect: 'manual',
        signal: abort.signal,
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.logger.warn({ err: error, service: match.service }, 'upstream did not answer');
      throw new BadGatewayException({
        statusCode: HttpStatus.BAD_GATEWAY,
        error: 'Bad Gateway',
        message: `the ${match.service} service did not answer; try again shortly`,
        code: 'upstream_unavailable',
        service: match.service,
      });
    }

    response.statusCode = upstream.status;
    upstream.headers.forEach((value, name) => {
      if (isReturnedHeader(name)) response.setHeader(name, value);
    });
    if (upstream.body === null) {
      response.end();
      return;
    }
    try {
      await pipeline(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), response);
    } catch (error) {
      // The status line is out: all that is left is to cut the answer short, so the caller sees it incomplete.
      if (!abort.signal.aborted)
        this.logger.warn({ err: error, service: match.service }, 'upstream answer broke off');
      response.destroy();
    }
  }
}

/** The body to send on: the JSON the app's parser read, re-encoded; or the unread request stream. */
function requestBody(request: ProxiedRequest): string | ReadableStream<Uint8Array> | undefined {
  if (request.readableEnded) {
    return request.body === undefined ? undefined : JSON.stringify(request.body);
  }
  const length = headerText(request, 'content-length');
  const chunked = headerText(request, 'transfer-encoding') !== undefined;
  if (!chunked && (length === undefined || length === '0')) return undefined;
  return Readable.toWeb(request) as unknown as ReadableStream<Uint8Array>;
}
