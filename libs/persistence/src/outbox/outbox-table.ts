import type { QueryRunner } from 'typeorm';

/**
 * Creates the transactional outbox table in the current schema (the
 * runner's search_path): the columns `appendToOutbox` and
 * `PostgresOutboxStore` expect. Each app with an outbox calls it from its own
 * migration, so the table is the same everywhere.
 */
export async function createOutboxTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      id           bigserial   PRIMARY KEY,
      event_id     uuid        NOT NULL UNIQUE,
      topic_kind   text        NOT NULL,
      key          text        NOT NULL,
      type         text        NOT NULL,
      headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
      payload      jsonb       NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL
    )`);
  // The relay only ever asks for the oldest unpublished rows; published ones can pile up without slowing it.
  await queryRunner.query('CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL');
  await queryRunner.query(
    "COMMENT ON TABLE outbox IS 'Events waiting for (or already through) the relay to Kafka; " +
      "published at least once, consumers dedupe by event_id.'",
  );
}

/** Drops the outbox table (a migration's `down`). */
export async function dropOutboxTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE outbox');
}
