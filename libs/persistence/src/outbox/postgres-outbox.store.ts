import type { DataSource } from 'typeorm';
import { SCHEMA_NAME_PATTERN, quoteIdentifier } from '../schema-name';
import type { NewOutboxMessage, OutboxMessage, PublishOutboxMessages } from './outbox-message';
import type { OutboxStore } from './outbox-relay';

/** The outbox table's default name; it lives in the app's schema, beside the rows whose changes it carries. */
export const OUTBOX_TABLE = 'outbox';

/**
 * First key of the advisory lock a relay holds while it publishes; the
 * second is the hash of the outbox's schema-qualified name. An arbitrary
 * constant ("BCN2"), apart from the migrations lock ("BCN1").
 */
const OUTBOX_LOCK_NAMESPACE = 0x42434e32;

/**
 * Anything that runs SQL with positional parameters: a TypeORM
 * `EntityManager` inside a transaction, a `QueryRunner`, or a `DataSource`.
 */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic_kind: string;
  key: string;
  type: string;
  headers: Record<string, string>;
  payload: unknown;
  created_at: Date;
}

/**
 * Writes messages to the outbox through `runner`. Call it with the
 * transaction's `EntityManager`, in the transaction that makes the change the
 * messages announce: then both commit or neither does, and no event is ever
 * published for a change that was rolled back, or lost for one that was not.
 *
 * The table is expected in the connection's schema (its `search_path`), with
 * the columns `id bigserial`, `event_id uuid`, `topic_kind text`, `key text`,
 * `type text`, `headers jsonb`, `payload jsonb`, `created_at timestamptz`
 * and `published_at timestamptz null`; the app's migration creates it.
 */
export async function appendToOutbox(
  runner: SqlRunner,
  messages: readonly NewOutboxMessage[],
  table: string = OUTBOX_TABLE,
): Promise<void> {
  if (messages.length === 0) return;
  const name = tableName(table);
  const parameters: unknown[] = [];
  const rows = messages.map((message) => {
    const at = parameters.length;
    // jsonb values are serialised here: pg would turn a top-level array into a Postgres array.
    parameters.push(
      message.eventId,
      message.topicKind,
      message.key,
      message.type,
      JSON.stringify(message.headers),
      JSON.stringify(message.payload),
    );
    return `($${at + 1}::uuid, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::jsonb, $${at + 6}::jsonb)`;
  });
  await runner.query(
    `INSERT INTO ${name} (event_id, topic_kind, key, type, headers, payload) VALUES ${rows.join(', ')}`,
    parameters,
  );
}

/**
 * The outbox in Postgres, through a TypeORM `DataSource` whose connections
 * have `search_path` set to the app's schema (see
 * {@link buildDataSourceOptions}).
 *
 * Each {@link publishNext} is one transaction that:
 *
 * 1. takes a transaction-scoped advisory lock on this outbox, or returns 0
 *    at once if another relay holds it. `FOR UPDATE SKIP LOCKED` alone would
 *    let two instances publish two batches side by side, and the later batch
 *    could reach the broker first; one publisher at a time keeps each key's
 *    events in outbox order across instances;
 * 2. selects the oldest unpublished rows `FOR UPDATE SKIP LOCKED`, so it
 *    never waits behind a row someone else holds;
 * 3. publishes them, then marks them published, and commits.
 *
 * The transaction stays open while the broker is asked, which is the point:
 * a row is marked only after its acknowledgement. Writers are not held up,
 * since they only insert new rows.
 */
export class PostgresOutboxStore implements OutboxStore {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    options: { table?: string } = {},
  ) {
    this.table = tableName(options.table ?? OUTBOX_TABLE);
  }

  async publishNext(limit: number, publish: PublishOutboxMessages): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema() || '.' || $2)) AS locked`,
        [OUTBOX_LOCK_NAMESPACE, this.table],
      )) as { locked: boolean }[];
      if (lock?.locked !== true) return 0;
      const rows = (await manager.query(
        `SELECT id, event_id, topic_kind, key, type, headers, payload, created_at
           FROM ${this.table}
          WHERE published_at IS NULL
          ORDER BY id
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      await publish(rows.map(toMessage));
      await manager.query(`UPDATE ${this.table} SET published_at = clock_timestamp() WHERE id = ANY($1)`, [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: String(row.id),
    eventId: row.event_id,
    topicKind: row.topic_kind,
    key: row.key,
    type: row.type,
    headers: row.headers,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

// The table name is put into SQL text, so it must be a plain identifier.
function tableName(table: string): string {
  if (typeof table !== 'string' || !SCHEMA_NAME_PATTERN.test(table)) {
    throw new Error(
      `invalid outbox table name ${JSON.stringify(table)}: expected 1-63 characters of a-z, 0-9 and _`,
    );
  }
  return quoteIdentifier(table);
}
