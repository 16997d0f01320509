import type { InboxItem } from '../../domain/inbox-item';
import type { InboxNotifications } from '../../ports/inbox-notifications.port';
import type { InboxStore } from '../../ports/inbox-store.port';

/** Where a stream's messages go: the HTTP response, in the app. */
export interface InboxStreamSink {
  /** Writes one item; resolves once the transport can take more (backpressure). */
  send(item: InboxItem): Promise<void>;
  heartbeat(): void;
  /**
   * Ends the stream (the client may reconnect with the last id it saw); with
   * `refusal`, first tells the client it was ended because it may no longer read.
   */
  end(refusal?: StreamRefusal): void;
}

/** Why the gateway ended a stream: an auth error code and its reason, e.g. `partner metro-police is suspended`. */
export interface StreamRefusal {
  readonly code: string;
  readonly reason: string;
}

export interface InboxStreamSessionOptions {
  readonly partnerId: string;
  /** The last item the client has; only later ones are sent. */
  readonly after: number;
  readonly store: Pick<InboxStore, 'listAfter'>;
  readonly notifications: InboxNotifications;
  readonly sink: InboxStreamSink;
  readonly heartbeatMs: number;
  /**
   * Whether this client is shown an item (see `isShownTo`); one it is not
   * shown is passed over, and the position moves past it. All by default.
   */
  readonly shows?: (item: InboxItem) => boolean;
  /** Items read from the store per query. */
  readonly pageSize?: number;
  /** A read or write failed: the session has ended itself. */
  readonly onError?: (error: unknown) => void;
  readonly onClose?: () => void;
}

const DEFAULT_PAGE_SIZE = 200;

/**
 * One client's live view of its partner's inbox: the stored items after its
 * position, then every item stored later, each exactly once and in order.
 *
 * Replay and live delivery are one mechanism. The session subscribes to the
 * partner's notifications first and reads the store second, so an item
 * committed while the replay runs is either in the replay's read or
 * signalled after it. A signal never carries items: it makes the session
 * read `seq > cursor` again, where the cursor is the last item sent. Signals
 * that arrive during a read are merged into one more read. So nothing
 * falls between replay and live, and nothing is sent twice. (The store
 * makes one partner's sequence numbers visible in order; see
 * PostgresInboxStore.)
 *
 * Every heartbeat also reads once more, so a lost notification (a dropped
 * LISTEN connection) delays an item by one heartbeat at most.
 */
export class InboxStreamSession {
  private cursor: number;
  private closed = false;
  private reading?: Promise<void>;
  private readAgain = false;
  private unsubscribe?: () => void;
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(private readonly options: InboxStreamSessionOptions) {
    this.cursor = options.after;
  }

  /** The partner whose inbox this is. */
  get partnerId(): string {
    return this.options.partnerId;
  }

  /** The last item sent (or the starting position). */
  get position(): number {
    return this.cursor;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Subscribes, then sends what is stored after the position; resolves when that replay is sent. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.notifications.subscribe(this.options.partnerId, () => {
      void this.catchUp();
    });
    this.heartbeatTimer = setInterval(() => {
      if (this.closed) return;
      this.options.sink.heartbeat();
      void this.catchUp();
    }, this.options.heartbeatMs);
    await this.catchUp();
  }

  /** Sends every stored item after the cursor; a call during a read makes that read go round once more. */
  catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.reading !== undefined) {
      this.readAgain = true;
      return this.reading;
    }
    // Set before the read begins, so a signal raised from inside the read is merged into it.
    this.reading = Promise.resolve()
      .then(() => this.readUntilCurrent())
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  private async readUntilCurrent(): Promise<void> {
    const pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    try {
      do {
        this.readAgain = false;
        let page: InboxItem[];
        do {
          page = await this.options.store.listAfter(this.options.partnerId, this.cursor, pageSize);
          for (const item of page) {
            if (this.closed) return;
            if (this.options.shows?.(item) ?? true) await this.options.sink.send(item);
            this.cursor = item.seq;
          }
        } while (page.length === pageSize && !this.closed);
      } while (this.readAgain && !this.closed);
    } catch (error) {
      if (this.closed) return;
      this.close();
      this.options.onError?.(error);
    }
  }

  /**
   * Stops following and ends the sink (telling the client why, with a
   * `refusal`); safe to call more than once.
   */
  close(refusal?: StreamRefusal): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    clearInterval(this.heartbeatTimer);
    this.options.sink.end(refusal);
    this.options.onClose?.();
  }
}
