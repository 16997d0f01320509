import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's transactional outbox: events written in the same transaction
 * as the change they announce, published to Kafka by the relay
 * (`OutboxRelay` in @beacon/persistence) and then marked.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateOutbox1795590000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}
