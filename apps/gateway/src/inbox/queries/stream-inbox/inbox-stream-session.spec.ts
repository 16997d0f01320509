import type { InboxItem } from '../../domain/inbox-item';
import type { InboxNotifications } from '../../ports/inbox-notifications.port';
import { InboxStreamSession, type InboxStreamSink, type StreamRefusal } from './inbox-stream-session';

/** The store's contract in memory: one partner's items by seq, with a hook to act in the middle of a read. */
class InMemoryInbox {
  readonly items: InboxItem[] = [];
  private seq = 0;
  /** Runs once, after the next read took its snapshot and before it returns. */
  duringNextRead?: () => void;

  add(partnerId: string): InboxItem {
    this.seq += 1;
    const item: InboxItem = {
      seq: this.seq,
      partnerId,
      eventId: `e-${this.seq}`,
      type: 'org.beacon.referral.created.v1',
      subject: 's',
      time: '2026-11-25T09:00:00.000Z',
      receivedAt: '2026-11-25T09:00:00.000Z',
      event: `{"id":"e-${this.seq}"}`,
    };
    this.items.push(item);
    return item;
  }

  async listAfter(partnerId: string, after: number, limit: number): Promise<InboxItem[]> {
    const page = this.items.filter((i) => i.partnerId === partnerId && i.seq > after).slice(0, limit);
    const hook = this.duringNextRead;
    this.duringNextRead = undefined;
    hook?.();
    await Promise.resolve();
    return page;
  }
}

class InMemoryNotifications implements InboxNotifications {
  readonly subscribers = new Map<string, Set<() => void>>();
  subscribe(partnerId: string, onChange: () => void): () => void {
    const set = this.subscribers.get(partnerId) ?? new Set();
    set.add(onChange);
    this.subscribers.set(partnerId, set);
    return () => set.delete(onChange);
  }
  notify(partnerId: string): void {
    for (const callback of this.subscribers.get(partnerId) ?? []) callback();
  }
  count(): number {
    return [...this.subscribers.values()].reduce((n, s) => n + s.size, 0);
  }
}

class RecordingSink implements InboxStreamSink {
  readonly sent: number[] = [];
  heartbeats = 0;
  ended = false;
  refusal?: StreamRefusal;
  async send(item: InboxItem): Promise<void> {
    this.sent.push(item.seq);
  }
  heartbeat(): void {
    this.heartbeats += 1;
  }
  end(refusal?: StreamRefusal): void {
    this.ended = true;
    this.refusal = refusal;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InboxStreamSession', () => {
  let inbox: InMemoryInbox;
  let notifications: InMemoryNotifications;
  let sink: RecordingSink;
  const open = (after: number, pageSize = 200) =>
    new InboxStreamSession({
      partnerId: 'b',
      after,
      store: inbox,
      notifications,
      sink,
      heartbeatMs: 60_000,
      pageSize,
    });

  beforeEach(() => {
    inbox = new InMemoryInbox();
    notifications = new InMemoryNotifications();
    sink = new RecordingSink();
  });

  it('given stored items, when opened after one of them, then only the later ones of its own partner are sent, in order', async () => {
    // given
    inbox.add('b');
    inbox.add('c');
    inbox.add('b');
    inbox.add('b');

    // when
    const session = open(1);
    await session.start();

    // then
    expect(sink.sent).toEqual([3, 4]);
    session.close();
  });

  it('given an item committed while the replay reads, when its signal comes during the read, then it is sent once, after the replay', async () => {
    // given
    inbox.add('b');
    inbox.add('b');
    inbox.duringNextRead = () => {
      inbox.add('b');
      notifications.notify('b');
    };

    // when
    const session = open(0);
    await session.start();
    await settle();

    // then
    expect(sink.sent).toEqual([1, 2, 3]);
    session.close();
  });

  it('given more items than a page, when replayed, then every page is sent without a gap', async () => {
    // given
    for (let i = 0; i < 7; i += 1) inbox.add('b');

    // when
    const session = open(0, 3);
    await session.start();

    // then
    expect(sink.sent).toEqual([1, 2, 3, 4, 5, 6, 7]);
    session.close();
  });

  it('given a live session, when many signals arrive together, then each new item is sent once', async () => {
    // given
    const session = open(0);
    await session.start();

    // when
    inbox.add('b');
    notifications.notify('b');
    notifications.notify('b');
    inbox.add('b');
    notifications.notify('b');
    inbox.add('c');
    notifications.notify('c');
    await settle();
    await settle();

    // then
    expect(sink.sent).toEqual([1, 2]);
    session.close();
  });

  it('given items the client is not shown, when replayed and live, then they are passed over and the position moves past them', async () => {
    // given
    inbox.add('b');
    inbox.add('b');
    inbox.add('b');
    const session = new InboxStreamSession({
      partnerId: 'b',
      after: 0,
      store: inbox,
      notifications,
      sink,
      heartbeatMs: 60_000,
      shows: (item) => item.seq !== 2 && item.seq !== 5,
    });

    // when
    await session.start();
    inbox.add('b');
    inbox.add('b');
    notifications.notify('b');
    await settle();
    await settle();

    // then
    expect(sink.sent).toEqual([1, 3, 4]);
    expect(session.position).toBe(5);
    session.close();
  });

  it('given a session, when closed, then it unsubscribes, ends the sink and sends nothing more', async () => {
    // given
    const session = open(0);
    await session.start();
    expect(notifications.count()).toBe(1);

    // when
    session.close();
    inbox.add('b');
    notifications.notify('b');
    await settle();

    // then
    expect(notifications.count()).toBe(0);
    expect(sink.ended).toBe(true);
    expect(sink.sent).toEqual([]);
  });

  it('given a session, when closed with a refusal, then the sink is ended with it and nothing more is sent', async () => {
    // given
    const session = open(0);
    await session.start();

    // when
    session.close({ code: 'partner_inactive', reason: 'partner b is suspended' });
    inbox.add('b');
    notifications.notify('b');
    await settle();

    // then
    expect(sink.refusal).toEqual({ code: 'partner_inactive', reason: 'partner b is suspended' });
    expect(sink.sent).toEqual([]);
    expect(notifications.count()).toBe(0);
  });

  it('given a store that fails, when reading, then the session ends itself and reports the error', async () => {
    // given
    const errors: unknown[] = [];
    const session = new InboxStreamSession({
      partnerId: 'b',
      after: 0,
      store: { listAfter: () => Promise.reject(new Error('database gone')) },
      notifications,
      sink,
      heartbeatMs: 60_000,
      onError: (error) => errors.push(error),
    });

    // when
    await session.start();

    // then
    expect(session.isClosed).toBe(true);
    expect(sink.ended).toBe(true);
    expect(notifications.count()).toBe(0);
    expect(errors).toEqual([new Error('database gone')]);
  });

  it('given a heartbeat interval, when it passes, then a heartbeat is sent and the store is read again', async () => {
    // given
    jest.useFakeTimers();
    try {
      const session = new InboxStreamSession({
        partnerId: 'b',
        after: 0,
        store: inbox,
        notifications,
        sink,
        heartbeatMs: 1000,
      });
      await session.start();
      inbox.add('b');

      // when: no notification, only the heartbeat
      jest.advanceTimersByTime(1000);
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();

      // then
      expect(sink.heartbeats).toBe(1);
      expect(sink.sent).toEqual([1]);
      session.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
