import type { InboxSettings } from '../../inbox-settings';
import type { InboxStore } from '../../ports/inbox-store.port';
import type { StreamTicketStore } from '../../ports/stream-ticket-store.port';
import { PurgeInboxCommand } from './purge-inbox.command';
import { PurgeInboxHandler } from './purge-inbox.handler';

describe('PurgeInboxHandler', () => {
  it('given a 30-day retention, when purging, then items that arrived over 30 days ago and expired tickets go', async () => {
    // given
    const cutoffs: { items?: Date; tickets?: Date } = {};
    const store: Pick<InboxStore, 'purgeReceivedBefore'> = {
      purgeReceivedBefore: async (cutoff) => {
        cutoffs.items = cutoff;
        return 3;
      },
    };
    const tickets: Pick<StreamTicketStore, 'purgeExpiredBefore'> = {
      purgeExpiredBefore: async (cutoff) => {
        cutoffs.tickets = cutoff;
        return 2;
      },
    };
    const settings = { retentionMs: 30 * 24 * 3600_000 } as InboxSettings;
    const handler = new PurgeInboxHandler(store as InboxStore, tickets as StreamTicketStore, settings);
    const now = new Date('2026-11-25T09:00:00Z');

    // when
    const removed = await handler.execute(new PurgeInboxCommand(now));

    // then
    expect(removed).toEqual({ items: 3, tickets: 2 });
    expect(cutoffs).toEqual({ items: new Date('2026-10-26T09:00:00Z'), tickets: now });
  });
});
