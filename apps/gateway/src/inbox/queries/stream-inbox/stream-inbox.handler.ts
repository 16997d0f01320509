import { Inject, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PinoLogger } from 'nestjs-pino';
import { isShownTo } from '../../domain/inbox-item';
import { INBOX_NOTIFICATIONS, INBOX_SETTINGS, INBOX_STORE } from '../../inbox.di-tokens';
import { PARTNER_STATUS_WATCH } from '../../../partner-access/partner-access.di-tokens';
import type { PartnerStatusWatch } from '../../../partner-access/ports/partner-status-watch.port';
import type { InboxSettings } from '../../inbox-settings';
import type { InboxNotifications } from '../../ports/inbox-notifications.port';
import type { InboxStore } from '../../ports/inbox-store.port';
import { InboxStreamSession } from './inbox-stream-session';
import { StreamInboxQuery } from './stream-inbox.query';

/**
 * Opens inbox streams and keeps the set of open ones, so that shutdown can
 * end them (an open response would otherwise hold the HTTP server open
 * until the shutdown timeout), and so that a partner that may no longer
 * act (suspended, removed) loses its open streams as soon as the gateway's
 * directory hears of it, not when the client next reconnects.
 */
@QueryHandler(StreamInboxQuery)
export class StreamInboxHandler
  implements IQueryHandler<StreamInboxQuery, InboxStreamSession>, OnModuleInit, BeforeApplicationShutdown
{
  private readonly open = new Set<InboxStreamSession>();
  private unwatch?: () => void;

  constructor(
    @Inject(INBOX_STORE) private readonly store: InboxStore,
    @Inject(INBOX_NOTIFICATIONS) private readonly notifications: InboxNotifications,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    @Inject(PARTNER_STATUS_WATCH) private readonly partnerStatus: PartnerStatusWatch,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('inbox-stream');
  }

  onModuleInit(): void {
    this.unwatch = this.partnerStatus.onChange((partnerId) => this.endIfRefused(partnerId));
  }

  /** Ends every open stream of the partner when it may no longer act; returns how many. */
  private endIfRefused(partnerId: string): number {
    const reason = this.partnerStatus.refusalFor(partnerId);
    if (reason === undefined) return 0;
    const ended = [...this.open].filter((session) => session.partnerId === partnerId);
    for (const session of ended) session.close({ code: 'partner_inactive', reason });
    if (ended.length > 0)
      this.logger.info(
        { partnerId, ended: ended.length, reason },
        'inbox streams ended: the partner may no longer read',
      );
    return ended.length;
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
    // The credential was checked a moment ago; a change heard since then
    // found no session to end, so look again now that this one is listed.
    if (this.endIfRefused(partnerId) > 0) return session;
    await session.start();
    return session;
  }

  /** How many streams are open in this process. */
  get openStreams(): number {
    return this.open.size;
  }

  beforeApplicationShutdown(): void {
    this.unwatch?.();
    for (const session of [...this.open]) session.close();
  }
}
