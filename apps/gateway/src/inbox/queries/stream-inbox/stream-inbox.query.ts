import { Query } from '@nestjs/cqrs';
import type { InboxStreamSession, InboxStreamSink } from './inbox-stream-session';

/**
 * Open a live stream of one partner's inbox into `sink`: the items after
 * `after`, then each new one, of those a reader holding `roles` is shown. Resolves with the session once the replay is
 * sent; the caller closes it when the client goes away.
 */
export class StreamInboxQuery extends Query<InboxStreamSession> {
  constructor(
    readonly partnerId: string,
    readonly after: number,
    readonly sink: InboxStreamSink,
    /** The reader's roles: role-addressed items (escalations) go only to the roles they name. */
    readonly roles: readonly string[],
  ) {
    super();
  }
}
