import type { ServerResponse } from 'node:http';
import { sseClosed, sseHeartbeat, sseMessage, type InboxItem } from '../../domain/inbox-item';
import type { InboxStreamSink, StreamRefusal } from './inbox-stream-session';

/** How long a client's EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 2000;

/** An {@link InboxStreamSink} writing `text/event-stream` to a Node HTTP response. */
export class ServerSentEventsSink implements InboxStreamSink {
  constructor(private readonly response: ServerResponse) {}

  /** Sends the headers and a first comment, so the client sees the stream open before any item. */
  open(): void {
    this.response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    this.response.write(`retry: ${RETRY_MS}\n: connected\n\n`);
  }

  get isGone(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  async send(item: InboxItem): Promise<void> {
    if (this.isGone) throw new Error('the client has gone');
    if (this.response.write(sseMessage(item))) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  heartbeat(): void {
    if (!this.isGone) this.response.write(sseHeartbeat(new Date()));
  }

  end(refusal?: StreamRefusal): void {
    if (this.isGone) return;
    if (refusal !== undefined) this.response.end(sseClosed(refusal.code, refusal.reason));
    else this.response.end();
  }
}
