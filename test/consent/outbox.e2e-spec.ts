/**
 * The outbox store the consent API relies on, against the run's real
 * Postgres: the gateway's own migrations on a fresh schema, then what the
 * relay counts on — appends that roll back with their transaction, one
 * publisher at a time, oldest first, and nothing marked when publishing fails.
 */
import { DataSource } from 'typeorm';
import {
  appendToOutbox,
  buildDataSourceOptions,
  OutboxRelay,
  PostgresOutboxStore,
  runMigrations,
  type NewOutboxMessage,
  type OutboxMessage,
} from '@beacon/persistence';
import { gatewayMigrations } from '../../apps/gateway/src/database/migrations';
import { loadTestStack, uniqueName, withDatabase } from '../support/test-stack';

function message(n: number): NewOutboxMessage {
  const eventId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    eventId,
    topicKind: 'events',
    key: 'subject-1',
    type: 'org.beacon.consent.granted.v1',
    headers: { id: eventId, subject: 'subject-1' },
    payload: { n, list: ['kept', 'as', 'json'] },
  };
}

describe('the gateway outbox in Postgres', () => {
  const stack = loadTestStack();
  const schema = `${uniqueName('t')}_outbox`;
  let dataSource: DataSource;

  async function rows(): Promise<{ event_id: string; published: boolean }[]> {
    return (await dataSource.query(
      'SELECT event_id, published_at IS NOT NULL AS published FROM outbox ORDER BY id',
    )) as { event_id: string; published: boolean }[];
  }

  beforeAll(async () => {
    const options = {
      url: stack.databaseUrl,
      schema,
      migrations: gatewayMigrations,
      applicationName: 'beacon-consent-outbox-test',
    };
    await runMigrations(options);
    dataSource = new DataSource(buildDataSourceOptions(options));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });

  beforeEach(async () => {
    await dataSource?.query('TRUNCATE outbox');
  });

  it('given an append in a transaction that rolls back, then nothing waits in the outbox', async () => {
    // when
    await expect(
      dataSource.transaction(async (manager) => {
        await appendToOutbox(manager, [message(1)]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await dataSource.transaction((manager) => appendToOutbox(manager, [message(2)]));

    // then
    expect(await rows()).toEqual([{ event_id: message(2).eventId, published: false }]);
  });

  it('given waiting messages, when published, then they come oldest first with their jsonb intact, and are marked', async () => {
    // given
    await dataSource.transaction((manager) => appendToOutbox(manager, [message(1), message(2), message(3)]));
    const seen: OutboxMessage[] = [];

    // when
    const count = await new PostgresOutboxStore(dataSource).publishNext(10, async (batch) => {
      seen.push(...batch);
    });

    // then
    expect(count).toBe(3);
    expect(seen.map((m) => m.eventId)).toEqual([message(1).eventId, message(2).eventId, message(3).eventId]);
    expect(seen[0]).toMatchObject({
      ...message(1),
      createdAt: expect.any(Date),
      id: expect.stringMatching(/^\d+$/),
    });
    expect((await rows()).every((row) => row.published)).toBe(true);
  });

  it('given publishing fails, then the rows stay unpublished for the next attempt', async () => {
    // given
    await dataSource.transaction((manager) => appendToOutbox(manager, [message(1)]));

    // when
    await expect(
      new PostgresOutboxStore(dataSource).publishNext(10, async () => {
        throw new Error('broker unavailable');
      }),
    ).rejects.toThrow('broker unavailable');

    // then
    expect(await rows()).toEqual([{ event_id: message(1).eventId, published: false }]);
  });

  it('given one relay is publishing, when a second one looks, then it backs off at once instead of publishing later rows beside it', async () => {
    // given: the first relay is held inside publish with rows 1-2; row 3 arrives meanwhile
    await dataSource.transaction((manager) => appendToOutbox(manager, [message(1), message(2)]));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = new PostgresOutboxStore(dataSource).publishNext(10, async () => {
      entered();
      await held;
    });
    await inside;
    await dataSource.transaction((manager) => appendToOutbox(manager, [message(3)]));

    // when
    const second = await new PostgresOutboxStore(dataSource).publishNext(10, async () => {
      throw new Error('the second relay must not publish while the first holds the outbox');
    });
    release();

    // then
    expect(second).toBe(0);
    expect(await first).toBe(2);
    expect(await rows()).toEqual([
      { event_id: message(1).eventId, published: true },
      { event_id: message(2).eventId, published: true },
      { event_id: message(3).eventId, published: false },
    ]);
  });

  it('given a relay on the real store, when a commit nudges it, then the message goes out and is marked', async () => {
    // given
    const published: string[] = [];
    const relay = new OutboxRelay({
      store: new PostgresOutboxStore(dataSource),
      publish: async (batch) => {
        published.push(...batch.map((m) => m.eventId));
      },
      intervalMs: 60_000,
      onError: (error) => {
        throw error;
      },
    });
    relay.start();

    try {
      // when
      await dataSource.transaction((manager) => appendToOutbox(manager, [message(1)]));
      relay.nudge();

      // then
      const deadline = Date.now() + 5_000;
      while (published.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(published).toEqual([message(1).eventId]);
    } finally {
      await relay.stop();
    }
    expect(await rows()).toEqual([{ event_id: message(1).eventId, published: true }]);
  });
});
