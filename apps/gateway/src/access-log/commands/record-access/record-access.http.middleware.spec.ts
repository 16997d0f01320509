import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandBus } from '@nestjs/cqrs';
import type { JwtVerifier } from '@beacon/auth';
import type { PinoLogger } from 'nestjs-pino';
import type { RecordAccessCommand } from './record-access.command';
import { RecordAccessHttpMiddleware } from './record-access.http.middleware';

const SUBJECT = '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04';

/** A command bus whose answer the test decides, one request at a time. */
function controlledBus() {
  const commands: RecordAccessCommand[] = [];
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const bus = {
    execute: (command: RecordAccessCommand) => {
      commands.push(command);
      return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    },
  };
  return {
    bus: bus as unknown as CommandBus,
    commands,
    acknowledge: () => settle?.resolve(),
    fail: () => settle?.reject(new Error('no acknowledgement from Kafka within 5000 ms')),
  };
}

const verifier = {
  verify: () => {
    throw new Error('no token');
  },
} as unknown as JwtVerifier;
const logger = { setContext: () => undefined, error: () => undefined } as unknown as PinoLogger;

function serve(
  middleware: RecordAccessHttpMiddleware,
  route: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer((req, res) => middleware.use(req, res, () => route(req, res)));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function request(server: Server, path: string): Promise<IncomingMessage> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) =>
    get({ host: '127.0.0.1', port, path, headers: { 'x-request-id': 'req-1' } }, resolve).on('error', reject),
  );
}

function bodyOf(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    response.on('end', () => resolve(text));
  });
}

const settleMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RecordAccessHttpMiddleware', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('given an event stream opened on a protected route, then nothing leaves before its record is acknowledged, the subjects header is stripped, and the stream then flows', async () => {
    const control = controlledBus();
    let push: (line: string) => void = () => undefined;
    server = await serve(new RecordAccessHttpMiddleware(control.bus, verifier, logger), (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-beacon-subject-ids': SUBJECT });
      res.write('data: first\n\n');
      push = (line) => (line === 'end' ? res.end() : res.write(line));
    });

    let answered = false;
    const pending = request(server, '/v1/inbox/stream').then((r) => ((answered = true), r));
    await settleMs(300);
    expect(answered).toBe(false);
    expect(control.commands).toHaveLength(1);
    expect(control.commands[0]?.answered).toMatchObject({
      target: { action: 'stream-open', resource: 'inbox' },
      status: 200,
      upstreamSubjectIds: SUBJECT,
      correlationId: 'req-1',
    });

    control.acknowledge();
    const response = await pending;
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-beacon-subject-ids']).toBeUndefined();
    const body = bodyOf(response);
    push('data: second\n\n');
    push('end');
    expect(await body).toBe('data: first\n\ndata: second\n\n');
    // One record for the stream, not one per event.
    expect(control.commands).toHaveLength(1);
  });

  it('given a record that cannot be written, then an allowed answer is replaced by a 503 and none of its data or headers leave', async () => {
    const control = controlledBus();
    server = await serve(new RecordAccessHttpMiddleware(control.bus, verifier, logger), (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-consent-count', '1');
      res.end(JSON.stringify({ subjectId: SUBJECT, consents: [{ notes: 'sensitive' }] }));
    });

    const pending = request(server, `/v1/subjects/${SUBJECT}/consents`);
    await settleMs(50);
    control.fail();
    const response = await pending;

    expect(response.statusCode).toBe(503);
    expect(response.headers['x-consent-count']).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('req-1');
    const body = await bodyOf(response);
    expect(JSON.parse(body)).toMatchObject({ statusCode: 503, code: 'access_record_unwritable' });
    expect(body).not.toContain('sensitive');
  });

  it('given a refusal whose record cannot be written, then the refusal still goes out as it was (it carries no data)', async () => {
    const control = controlledBus();
    server = await serve(new RecordAccessHttpMiddleware(control.bus, verifier, logger), (_req, res) => {
      res.statusCode = 403;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ statusCode: 403, message: 'insufficient_role: no', code: 'insufficient_role' }),
      );
    });

    const pending = request(server, `/v1/subjects/${SUBJECT}/consents`);
    await settleMs(50);
    expect(control.commands[0]?.answered.errorBody).toEqual({
      statusCode: 403,
      message: 'insufficient_role: no',
      code: 'insufficient_role',
    });
    control.fail();
    const response = await pending;

    expect(response.statusCode).toBe(403);
    expect(JSON.parse(await bodyOf(response))).toMatchObject({ code: 'insufficient_role' });
  });

  it('given a route outside the protected areas, then it is answered at once with an x-request-id and no record', async () => {
    const control = controlledBus();
    server = await serve(new RecordAccessHttpMiddleware(control.bus, verifier, logger), (_req, res) =>
      res.end('ok'),
    );

    const response = await request(server, '/health');

    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(await bodyOf(response)).toBe('ok');
    expect(control.commands).toHaveLength(0);
  });
});
