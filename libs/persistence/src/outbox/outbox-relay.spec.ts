import type { NewOutboxMessage, OutboxMessage, PublishOutboxMessages } from './outbox-message';
import { OutboxRelay, type OutboxStore } from './outbox-relay';

/**
 * The outbox in memory, with the store's contract: oldest first, marked only
 * after `publish` resolved, nothing marked when it rejects. `loseMarks`
 * simulates a crash between the broker's acknowledgement and the commit.
 */
class InMemoryOutbox implements OutboxStore {
  readonly rows: (OutboxMessage & { published: boolean })[] = [];
  passes = 0;
  loseMarks = 0;

  write(...messages: NewOutboxMessage[]): void {
    for (const message of messages) {
      this.rows.push({
        ...message,
        id: String(this.rows.length + 1),
        createdAt: new Date(),
        published: false,
      });
    }
  }

  get unpublished(): number {
    return this.rows.filter((row) => !row.published).length;
  }

  async publishNext(limit: number, publish: PublishOutboxMessages): Promise<number> {
    this.passes += 1;
    const batch = this.rows.filter((row) => !row.published).slice(0, limit);
    if (batch.length === 0) return 0;
    await publish(batch.map(({ published: _published, ...message }) => message));
    if (this.loseMarks > 0) {
      this.loseMarks -= 1;
      throw new Error('connection lost before commit');
    }
    for (const row of batch) row.published = true;
    return batch.length;
  }
}

function message(n: number, key = 'subject-1'): NewOutboxMessage {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    topicKind: 'events',
    key,
    type: 'org.beacon.consent.granted.v1',
    headers: { source: 'urn:beacon:service:gateway' },
    payload: { n },
  };
}

/** What reached the "broker", in order, batch by batch. */
function recordingPublisher() {
  const batches: string[][] = [];
  const publish: PublishOutboxMessages = async (messages) => {
    batches.push(messages.map((m) => m.eventId));
  };
  return { publish, batches, published: () => batches.flat() };
}

async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OutboxRelay', () => {
  let relay: OutboxRelay | undefined;

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  it('given messages left by an earlier process, when started, then it publishes them at once, oldest first, in batches', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1), message(2), message(3), message(4), message(5));
    const broker = recordingPublisher();
    relay = new OutboxRelay({
      store: outbox,
      publish: broker.publish,
      batchSize: 2,
      intervalMs: 60_000,
      onError: jest.fn(),
    });

    // when
    relay.start();

    // then
    await eventually(() => outbox.unpublished === 0);
    expect(broker.batches).toEqual([
      [message(1).eventId, message(2).eventId],
      [message(3).eventId, message(4).eventId],
      [message(5).eventId],
    ]);
  });

  it('given an idle relay with a long interval, when a commit nudges it, then the message goes out without waiting for the poll', async () => {
    // given
    const outbox = new InMemoryOutbox();
    const broker = recordingPublisher();
    relay = new OutboxRelay({
      store: outbox,
      publish: broker.publish,
      intervalMs: 60_000,
      onError: jest.fn(),
    });
    relay.start();
    await eventually(() => outbox.passes === 1);

    // when
    outbox.write(message(1));
    relay.nudge();

    // then
    await eventually(() => broker.published().length === 1, 500);
    expect(broker.published()).toEqual([message(1).eventId]);
  });

  it('given no nudge, when a message is written, then the next poll publishes it', async () => {
    // given
    const outbox = new InMemoryOutbox();
    const broker = recordingPublisher();
    relay = new OutboxRelay({ store: outbox, publish: broker.publish, intervalMs: 10, onError: jest.fn() });
    relay.start();

    // when
    outbox.write(message(1));

    // then
    await eventually(() => broker.published().length === 1);
    expect(outbox.unpublished).toBe(0);
  });

  it('given a nudge while a pass is under way, when the pass ends, then another pass follows at once', async () => {
    // given: the first pass is held inside publish until released
    const outbox = new InMemoryOutbox();
    outbox.write(message(1));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const published: string[] = [];
    relay = new OutboxRelay({
      store: outbox,
      publish: async (messages) => {
        if (published.length === 0) await held;
        published.push(...messages.map((m) => m.eventId));
      },
      intervalMs: 60_000,
      onError: jest.fn(),
    });
    relay.start();
    await eventually(() => outbox.passes === 1);

    // when: a commit lands after the pass read the outbox
    outbox.write(message(2));
    relay.nudge();
    release();

    // then
    await eventually(() => published.length === 2, 500);
    expect(published).toEqual([message(1).eventId, message(2).eventId]);
  });

  it('given the broker refuses, then nothing is marked, the failure is reported, and the same messages go out in order once it recovers', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1), message(2));
    let refusals = 2;
    const delivered: string[] = [];
    const onError = jest.fn();
    relay = new OutboxRelay({
      store: outbox,
      publish: async (messages) => {
        if (refusals > 0) {
          refusals -= 1;
          throw new Error('broker unavailable');
        }
        delivered.push(...messages.map((m) => m.eventId));
      },
      intervalMs: 5,
      onError,
    });

    // when
    relay.start();

    // then
    await eventually(() => outbox.unpublished === 0);
    expect(delivered).toEqual([message(1).eventId, message(2).eventId]);
    expect(onError.mock.calls.map(([error, failures]) => [(error as Error).message, failures])).toEqual([
      ['broker unavailable', 1],
      ['broker unavailable', 2],
    ]);
  });

  it('given a crash between the acknowledgement and the commit, then the batch is published again (at least once)', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1));
    outbox.loseMarks = 1;
    const broker = recordingPublisher();
    relay = new OutboxRelay({ store: outbox, publish: broker.publish, intervalMs: 5, onError: jest.fn() });

    // when
    relay.start();

    // then: the consumer sees the same event id twice and must drop the second
    await eventually(() => outbox.unpublished === 0);
    expect(broker.published()).toEqual([message(1).eventId, message(1).eventId]);
  });

  it('given the broker is down, when requests keep nudging, then the relay still backs off', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1));
    const publish = jest.fn(async () => {
      throw new Error('broker unavailable');
    });
    relay = new OutboxRelay({
      store: outbox,
      publish,
      intervalMs: 20,
      maxBackoffMs: 1_000,
      onError: jest.fn(),
    });
    relay.start();
    await eventually(() => publish.mock.calls.length === 1);

    // when
    for (let i = 0; i < 20; i += 1) {
      relay.nudge();
      await wait(2);
    }

    // then: the first retry waits 40 ms; a nudge-driven relay would have tried about 20 times
    expect(publish.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('given a pass under way, when stopped, then stop waits for it and nothing is published afterwards', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const delivered: string[] = [];
    const running = new OutboxRelay({
      store: outbox,
      publish: async (messages) => {
        await held;
        delivered.push(...messages.map((m) => m.eventId));
      },
      intervalMs: 5,
      onError: jest.fn(),
    });
    running.start();
    await eventually(() => outbox.passes === 1);

    // when
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await wait(20);
    const stoppedBeforeRelease = stopped;
    release();
    await stopping;
    outbox.write(message(2));
    await wait(30);

    // then
    expect(stoppedBeforeRelease).toBe(false);
    expect(running.isRunning).toBe(false);
    expect(delivered).toEqual([message(1).eventId]);
    expect(outbox.unpublished).toBe(1);
  });

  it('given a reporter that throws, then the relay keeps retrying', async () => {
    // given
    const outbox = new InMemoryOutbox();
    outbox.write(message(1));
    let refusals = 1;
    const broker = recordingPublisher();
    relay = new OutboxRelay({
      store: outbox,
      publish: async (messages) => {
        if (refusals-- > 0) throw new Error('broker unavailable');
        await broker.publish(messages);
      },
      intervalMs: 5,
      onError: () => {
        throw new Error('logger broken');
      },
    });

    // when
    relay.start();

    // then
    await eventually(() => outbox.unpublished === 0);
    expect(broker.published()).toEqual([message(1).eventId]);
  });

  it('given a backlog, when pumped directly, then it drains every batch and says how many went out', async () => {
    // given
    const outbox = new InMemoryOutbox();
    for (let n = 1; n <= 7; n += 1) outbox.write(message(n));
    const broker = recordingPublisher();
    const idle = new OutboxRelay({
      store: outbox,
      publish: broker.publish,
      batchSize: 3,
      onError: jest.fn(),
    });

    // when
    const count = await idle.pump();

    // then
    expect(count).toBe(7);
    expect(broker.batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  it.each([
    ['intervalMs', { intervalMs: 0 }],
    ['batchSize', { batchSize: 1.5 }],
    ['maxBackoffMs', { maxBackoffMs: -1 }],
  ])('given a non-positive %s, when constructed, then it refuses', (name, option) => {
    expect(
      () =>
        new OutboxRelay({
          store: new InMemoryOutbox(),
          publish: async () => undefined,
          onError: jest.fn(),
          ...option,
        }),
    ).toThrow(`OutboxRelay: ${name} must be a positive whole number`);
  });
});
