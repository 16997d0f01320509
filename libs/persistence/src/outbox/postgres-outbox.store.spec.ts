import type { DataSource } from 'typeorm';
import type { NewOutboxMessage } from './outbox-message';
import { appendToOutbox, PostgresOutboxStore, type SqlRunner } from './postgres-outbox.store';

function recordingRunner(): SqlRunner & { calls: { sql: string; parameters?: unknown[] }[] } {
  const calls: { sql: string; parameters?: unknown[] }[] = [];
  return {
    calls,
    query: async (sql, parameters) => {
      calls.push({ sql, parameters });
      return [];
    },
  };
}

const granted: NewOutboxMessage = {
  eventId: '2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
  topicKind: 'events',
  key: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
  type: 'org.beacon.consent.granted.v1',
  headers: { id: '2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b', source: 'urn:beacon:service:gateway' },
  payload: { provisions: [{ type: 'permit' }] },
};

describe('appendToOutbox', () => {
  it('given messages, when appended, then one INSERT carries them with jsonb serialised by us', async () => {
    // given
    const runner = recordingRunner();
    const revoked = { ...granted, eventId: '3f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b', payload: ['a', 'b'] };

    // when
    await appendToOutbox(runner, [granted, revoked]);

    // then
    expect(runner.calls).toHaveLength(1);
    const [{ sql, parameters }] = runner.calls;
    expect(sql).toBe(
      'INSERT INTO "outbox" (event_id, topic_kind, key, type, headers, payload) VALUES ' +
        '($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb), ($7::uuid, $8, $9, $10, $11::jsonb, $12::jsonb)',
    );
    expect(parameters).toEqual([
      granted.eventId,
      'events',
      granted.key,
      granted.type,
      JSON.stringify(granted.headers),
      JSON.stringify(granted.payload),
      revoked.eventId,
      'events',
      granted.key,
      granted.type,
      JSON.stringify(granted.headers),
      '["a","b"]',
    ]);
  });

  it('given no messages, when appended, then no statement runs', async () => {
    // given
    const runner = recordingRunner();

    // when
    await appendToOutbox(runner, []);

    // then
    expect(runner.calls).toEqual([]);
  });

  it('given a table name that is not a plain identifier, when appending, then it refuses before any SQL', async () => {
    // given
    const runner = recordingRunner();

    // when / then
    await expect(appendToOutbox(runner, [granted], 'outbox; DROP TABLE consents')).rejects.toThrow(
      'invalid outbox table name',
    );
    expect(runner.calls).toEqual([]);
  });
});

describe('PostgresOutboxStore', () => {
  it('given a table name that is not a plain identifier, when constructed, then it refuses', () => {
    expect(() => new PostgresOutboxStore({} as DataSource, { table: 'Outbox' })).toThrow(
      'invalid outbox table name "Outbox"',
    );
  });
});
