import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, type INestApplication, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { checkIJson } from '@beacon/contracts';

/** Which requests the JSON parser reads; by default those whose media type is `application/json`. */
export interface IJsonBodyOptions {
  readonly type?: (request: IncomingMessage) => boolean;
}

/** The raw bytes of a parsed body, kept where Nest's own `rawBody` option keeps them. */
type ParsedRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown };

const installed = new WeakSet<INestApplication>();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function keepRawBody(request: IncomingMessage, _response: ServerResponse, buffer: Buffer): void {
  (request as ParsedRequest).rawBody = buffer;
}

function charsetOf(request: IncomingMessage): string | undefined {
  const contentType = request.headers['content-type'] ?? '';
  const parameter = contentType
    .split(';')
    .slice(1)
    .map((part) => part.split('='))
    .find(([name]) => name.trim().toLowerCase() === 'charset');
  return parameter?.[1]?.trim().replace(/^"|"$/g, '').toLowerCase();
}

/**
 * Refuses a body the JSON parser accepted but I-JSON (RFC 7493) does not:
 * not UTF-8, a lone surrogate in a string or member name, a member name twice
 * in one object. The answer is Nest's 400 (415 for another charset) with the
 * JSON pointer of the offending string in `pointer`, so the caller can find it.
 */
function refuseBodiesThatAreNotIJson(
  request: ParsedRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const raw = request.rawBody;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return next();
  const charset = charsetOf(request);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(
      new UnsupportedMediaTypeException(
        `charset ${JSON.stringify(charset.slice(0, 40))} is not accepted; I-JSON (RFC 7493) is UTF-8`,
      ),
    );
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    // body-parser would have read each bad byte as U+FFFD and carried on.
    return next(
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the body is not valid UTF-8; I-JSON (RFC 7493) requires UTF-8',
        pointer: '',
      }),
    );
  }
  const violation = checkIJson(text, request.body);
  if (violation === undefined) return next();
  next(
    new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: violation.pointer === '' ? violation.message : `${violation.pointer}: ${violation.message}`,
      pointer: violation.pointer,
    }),
  );
}

/**
 * Installs the app's JSON body parser: Nest's own (Express `json`, 100 kB,
 * strict) followed by the I-JSON check, so that every route that takes a JSON
 * body refuses a lone surrogate or a repeated member name before a controller
 * sees it. Call before the app initialises (Nest then skips its default JSON
 * parser); {@link bootstrapApp} calls it for every app that has not.
 */
export function useIJsonBodyParser(app: INestApplication, options: IJsonBodyOptions = {}): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', {
    ...(options.type === undefined ? {} : { type: options.type }),
    verify: keepRawBody,
  });
  express.use(refuseBodiesThatAreNotIJson);
  installed.add(app);
}

/** Whether {@link useIJsonBodyParser} has run for this app. */
export function hasIJsonBodyParser(app: INestApplication): boolean {
  return installed.has(app);
}
