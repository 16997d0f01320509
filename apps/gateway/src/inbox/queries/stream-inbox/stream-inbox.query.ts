import { Query } from '@nestjs/cqrs';
import type { InboxStreamSession, InboxStreamSink } from './inbox-stream-session';

/**
 * Open a live stream of one partner's inbox into `sink`: the items after
 * `after`, then each new one. Resolves with the session once the replay is
 * sent; the caller closes it when the client goes away.
 */
export class StreamInboxQuery extends Query<InboxStreamSession> {
  constructor(
    readonly partnerId: string,
    readonly after: number,
    readonly sink: InboxStreamSink,
  ) {
    super();
  }
}
