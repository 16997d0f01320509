import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { useIJsonBodyParser } from '@beacon/platform/nest';
import { INGEST_ROUTE } from './publish-events/publish-events.http.controller';

const INGEST_PATH = `/${INGEST_ROUTE}`;

/**
 * Installs the app-wide JSON parser with Nest's defaults (100 kB,
 * `application/json`) and the platform's I-JSON check, but without the
 * ingest route, whose body its own pipe reads (and checks the same way)
 * after the guard, up to 8 MiB. Were the app-wide parser to read it first,
 * it would refuse any `application/json` batch over 100 kB, and it would
 * parse megabytes for callers who turn out to hold no token.
 *
 * Call before the app initialises: Nest then skips its default JSON parser.
 */
export function leaveIngestBodiesToTheRoute(app: INestApplication): void {
  useIJsonBodyParser(app, {
    type: (request: IncomingMessage) => isPlainJson(request) && !isIngestPath(request.url),
  });
}

function isPlainJson(request: IncomingMessage): boolean {
  const contentType = request.headers['content-type'];
  return contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

// Express matches routes case-insensitively and with or without one trailing slash.
function isIngestPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0].toLowerCase();
  return path === INGEST_PATH || path === `${INGEST_PATH}/`;
}
