import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { JwtVerifier, type Principal } from '@beacon/auth';
import { PinoLogger } from 'nestjs-pino';
import {
  ACCESS_NOTE_HEADER,
  correlationIdFor,
  REQUEST_ID_HEADER,
  SUBJECT_IDS_HEADER,
  type AnsweredRequest,
} from '../../access-record';
import { accessTargetOf, type AccessTarget } from '../../protected-routes';
import { RecordAccessCommand } from './record-access.command';

type Request = IncomingMessage & { principal?: Principal; body?: unknown; originalUrl?: string };
type Op = { kind: 'write' | 'end' | 'flushHeaders'; args: unknown[] };

/** Error bodies longer than this are not read for a reason. */
const MAX_ERROR_BODY = 64 * 1024;

const WITHHELD = JSON.stringify({
  statusCode: 503,
  error: 'Service Unavailable',
  message:
    'access_record_unwritable: the answer is withheld because its access record could not be written to the audit log; try again shortly',
  code: 'access_record_unwritable',
});

/**
 * Gives every request an `x-request-id` (its own when usable, a new one
 * otherwise), and makes every request to a protected route leave an access
 * record on the audit topic before a byte of its answer leaves.
 *
 * It runs before the guard and the route, and holds the response instead:
 * the first status line, header flush, write or end of the answer — a JSON
 * body, a refusal from the guard (401/403), a 404 or 409, the opening of an
 * event stream — is kept back while the record is written with what is known
 * by then (the verified caller the guard set, the status, the reason in an
 * error body, the subjects an upstream service named in
 * `x-beacon-subject-ids`, which is removed). Once Kafka acknowledged the
 * record the answer goes out as it was; a stream flows on unheld. When the
 * record cannot be written, an allowed answer is replaced by a 503 and its
 * data never leaves; a refusal still goes out as it was (it carries no data).
 */
@Injectable()
export class RecordAccessHttpMiddleware implements NestMiddleware {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly verifier: JwtVerifier,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('access-log');
  }

  use(req: Request, res: ServerResponse, next: (error?: unknown) => void): void {
    const correlationId = correlationIdFor(req.headers[REQUEST_ID_HEADER]);
    // The routes and an upstream service see the same id the client gets back.
    req.headers[REQUEST_ID_HEADER] = correlationId;
    res.setHeader(REQUEST_ID_HEADER, correlationId);
    const target = accessTargetOf(req.method ?? 'GET', req.originalUrl ?? req.url ?? '/');
    if (target !== undefined) this.hold(req, res, target, correlationId);
    next();
  }

  /**
   * The caller as the guard verified it; for a request no route matched (the
   * guard never ran), the caller its token names when the token verifies —
   * for the record only, never to let anything through.
   */
  private callerOf(req: Request): { principal?: Principal } {
    if (req.principal) return { principal: req.principal };
    const match = /^Bearer +(\S+) *$/i.exec(String(req.headers.authorization ?? ''));
    if (!match) return {};
    try {
      return { principal: this.verifier.verify(match[1] as string) };
    } catch {
      return {};
    }
  }

  private hold(req: Request, res: ServerResponse, target: AccessTarget, correlationId: string): void {
    const original = {
      writeHead: res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse,
      write: res.write.bind(res) as (...args: unknown[]) => boolean,
      end: res.end.bind(res) as (...args: unknown[]) => ServerResponse,
      flushHeaders: res.flushHeaders.bind(res),
    };
    let state: 'open' | 'holding' | 'released' | 'withheld' = 'open';
    const ops: Op[] = [];

    const restore = () => {
      res.writeHead = original.writeHead as typeof res.writeHead;
      res.write = original.write as typeof res.write;
      res.end = original.end as typeof res.end;
      res.flushHeaders = original.flushHeaders;
    };

    const release = () => {
      state = 'released';
      restore();
      for (const op of ops) {
        if (op.kind === 'flushHeaders') original.flushHeaders();
        else if (op.kind === 'write') original.write(...op.args);
        else original.end(...op.args);
      }
    };

    const withhold = () => {
      state = 'withheld';
      restore();
      for (const name of res.getHeaderNames()) if (name !== REQUEST_ID_HEADER) res.removeHeader(name);
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('retry-after', '5');
      res.setHeader('cache-control', 'no-store');
      original.end(WITHHELD);
      // Whatever the route still writes (a stream's next event) goes nowhere.
      res.write = (() => false) as typeof res.write;
      res.end = (() => res) as typeof res.end;
    };

    const decide = () => {
      if (state !== 'open') return;
      state = 'holding';
      const upstream = res.getHeader(SUBJECT_IDS_HEADER);
      res.removeHeader(SUBJECT_IDS_HEADER);
      const note = res.getHeader(ACCESS_NOTE_HEADER);
      res.removeHeader(ACCESS_NOTE_HEADER);
      const answered: AnsweredRequest = {
        target,
        ...this.callerOf(req),
        status: res.statusCode,
        ...(res.statusCode >= 400 ? { errorBody: bodyOf(ops) } : {}),
        ...(req.body !== undefined ? { requestBody: req.body } : {}),
        ...(upstream !== undefined ? { upstreamSubjectIds: String(upstream) } : {}),
        ...(note !== undefined ? { note: String(note) } : {}),
        ...(req.socket.remoteAddress ? { address: req.socket.remoteAddress } : {}),
        ...(typeof req.headers['user-agent'] === 'string' ? { userAgent: req.headers['user-agent'] } : {}),
        correlationId,
      };
      this.commandBus.execute(new RecordAccessCommand(answered)).then(release, (error: Error) => {
        if (answered.status >= 400) {
          this.logger.error(
            { err: error, correlationId, status: answered.status, route: target.route },
            'a refused request could not be recorded; the refusal is sent anyway (it carries no data)',
          );
          release();
        } else {
          this.logger.error(
            { err: error, correlationId, status: answered.status, route: target.route },
            'the access record could not be written; the answer is withheld (503)',
          );
          withhold();
        }
      });
    };

    res.writeHead = ((...args: unknown[]) => {
      if (state === 'released') return original.writeHead(...args);
      // Fold the status line and headers into the response, so they are read and sent later like any other.
      const [status, second, third] = args;
      if (typeof status === 'number') res.statusCode = status;
      if (typeof second === 'string') res.statusMessage = second;
      const headers = (typeof second === 'string' ? third : second) as
        OutgoingHttpHeaders | unknown[] | undefined;
      if (Array.isArray(headers)) {
        for (let i = 0; i + 1 < headers.length; i += 2)
          res.setHeader(String(headers[i]), headers[i + 1] as string);
      } else if (headers && typeof headers === 'object') {
        for (const [name, value] of Object.entries(headers))
          if (value !== undefined) res.setHeader(name, value);
      }
      return res;
    }) as typeof res.writeHead;
    res.flushHeaders = () => {
      if (state === 'released') return original.flushHeaders();
      if (state === 'withheld') return;
      ops.push({ kind: 'flushHeaders', args: [] });
      decide();
    };
    res.write = ((...args: unknown[]) => {
      if (state === 'released') return original.write(...args);
      if (state === 'withheld') return false;
      ops.push({ kind: 'write', args });
      decide();
      return true;
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      if (state === 'released') return original.end(...args);
      if (state === 'withheld') return res;
      ops.push({ kind: 'end', args });
      decide();
      return res;
    }) as typeof res.end;
  }
}

/** The JSON of a held error answer, or undefined when it is not small JSON. */
function bodyOf(ops: readonly Op[]): unknown {
  const chunks: Buffer[] = [];
  let size = 0;
  for (const op of ops) {
    const [chunk, encoding] = op.args;
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) continue;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    size += buffer.length;
    if (size > MAX_ERROR_BODY) return undefined;
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
