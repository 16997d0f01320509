import { Inject, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PinoLogger } from 'nestjs-pino';
import { isShownTo } from '../../domain/inbox-item';
import { INBOX_NOTIFICATIONS, INBOX_SETTINGS, INBOX_STORE } from '../../inbox.di-tokens';
import type { InboxSettings } from '../../inbox-settings';
import type { InboxNotifications } from '../../ports/inbox-notifications.port';
import type { InboxStore } from '../../ports/inbox-store.port';
import { InboxStreamSession } from './inbox-stream-session';
import { StreamInboxQuery } from './stream-inbox.query';

/**
 * Opens inbox streams and keeps the set of open ones, so that shutdown can
 * end them: an open response would otherwise hold the HTTP server open
 * until the shutdown timeout.
 */
@QueryHandler(StreamInboxQuery)
export class StreamInboxHandler
  implements IQueryHandler<StreamInboxQuery, InboxStreamSession>, BeforeApplicationShutdown
{
  private readonly open = new Set<InboxStreamSession>();

  constructor(
    @Inject(INBOX_STORE) private readonly store: InboxStore,
    @Inject(INBOX_NOTIFICATIONS) private readonly notifications: InboxNotifications,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('inbox-stream');
  }

  async execute({ partnerId, after, sink, roles }: StreamInboxQuery): Promise<InboxStreamSession> {
    const session: InboxStreamSession = new InboxStreamSession({
      partnerId,
      after,
      sink,
      shows: (item) => isShownTo(item, roles),
      store: this.store,
      notifications: this.notifications,
      heartbeatMs: this.settings.heartbeatMs,
      onClose: () => {
        this.open.delete(session);
        this.logger.info(
          { partnerId, position: session.position, open: this.open.size },
          'inbox stream closed',
        );
      },
      onError: (error) =>
        this.logger.warn(
          { err: error, partnerId, position: session.position },
          'an inbox stream failed and was ended; the client resumes from its last id',
        ),
    });
    this.open.add(session);
    this.logger.info({ partnerId, after, open: this.open.size }, 'inbox stream opened');
    await session.start();
    return session;
  }

  /** How many streams are open in this process. */
  get openStreams(): number {
    return this.open.size;
  }

  beforeApplicationShutdown(): void {
    for (const session of [...this.open]) session.close();
  }
}
