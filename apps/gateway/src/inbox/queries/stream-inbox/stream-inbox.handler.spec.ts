import type { PinoLogger } from 'nestjs-pino';
import type { InboxItem } from '../../domain/inbox-item';
import type { InboxSettings } from '../../inbox-settings';
import type { InboxNotifications } from '../../ports/inbox-notifications.port';
import type { InboxStore } from '../../ports/inbox-store.port';
import type { PartnerStatusWatch } from '../../../partner-access/ports/partner-status-watch.port';
import type { InboxStreamSink, StreamRefusal } from './inbox-stream-session';
import { StreamInboxHandler } from './stream-inbox.handler';
import { StreamInboxQuery } from './stream-inbox.query';

/** The directory as the handler sees it: standings it can change, and the change signal. */
class FakePartnerStatus implements PartnerStatusWatch {
  private readonly refusals = new Map<string, string>();
  private readonly listeners = new Set<(partnerId: string) => void>();

  refusalFor(partnerId: string): string | undefined {
    return this.refusals.get(partnerId);
  }

  onChange(onChange: (partnerId: string) => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  /** A directory record arrives: the partner's standing becomes `refusal` (undefined: active). */
  set(partnerId: string, refusal: string | undefined): void {
    if (refusal === undefined) this.refusals.delete(partnerId);
    else this.refusals.set(partnerId, refusal);
    for (const listener of this.listeners) listener(partnerId);
  }
}

class RecordingSink implements InboxStreamSink {
  ended?: { refusal?: StreamRefusal };
  async send(): Promise<void> {}
  heartbeat(): void {}
  end(refusal?: StreamRefusal): void {
    this.ended = refusal === undefined ? {} : { refusal };
  }
}

const emptyStore = { listAfter: async (): Promise<InboxItem[]> => [] } as unknown as InboxStore;
const notifications: InboxNotifications = { subscribe: () => () => undefined };
const settings = { heartbeatMs: 60_000 } as InboxSettings;
const quietLogger = {
  setContext: () => undefined,
  info: () => undefined,
  warn: () => undefined,
} as unknown as PinoLogger;

describe('StreamInboxHandler: streams of a partner that may no longer read', () => {
  let status: FakePartnerStatus;
  let handler: StreamInboxHandler;
  const open = async (partnerId: string) => {
    const sink = new RecordingSink();
    const session = await handler.execute(new StreamInboxQuery(partnerId, 0, sink, ['case-worker']));
    return { sink, session };
  };

  beforeEach(() => {
    status = new FakePartnerStatus();
    handler = new StreamInboxHandler(emptyStore, notifications, settings, status, quietLogger);
    handler.onModuleInit();
  });

  afterEach(() => handler.beforeApplicationShutdown());

  it('given open streams of two partners, when one is suspended, then only its streams end, telling the client why', async () => {
    // given
    const police = [await open('metro-police'), await open('metro-police')];
    const shelter = await open('safe-harbour');

    // when
    status.set('metro-police', 'partner metro-police is suspended');

    // then
    for (const { sink, session } of police) {
      expect(session.isClosed).toBe(true);
      expect(sink.ended).toEqual({
        refusal: { code: 'partner_inactive', reason: 'partner metro-police is suspended' },
      });
    }
    expect(shelter.session.isClosed).toBe(false);
    expect(handler.openStreams).toBe(1);
  });

  it('given an open stream, when its partner changes but may still act (a new name, say), then it stays open', async () => {
    // given
    const { session } = await open('metro-police');

    // when
    status.set('metro-police', undefined);

    // then
    expect(session.isClosed).toBe(false);
  });

  it('given a partner refused between the credential check and the opening, when its stream opens, then it is ended at once', async () => {
    // given: the change was heard while no stream of it was listed
    status.set('metro-police', 'partner metro-police is removed');

    // when
    const { sink, session } = await open('metro-police');

    // then
    expect(session.isClosed).toBe(true);
    expect(sink.ended?.refusal?.reason).toBe('partner metro-police is removed');
    expect(handler.openStreams).toBe(0);
  });
});
