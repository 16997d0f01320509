import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * beacon-referrals' transactional outbox: each status change is written with
 * its `referral.status-changed` event in one transaction, and the relay
 * (`OutboxRelay` in @beacon/persistence) publishes it to the canonical log.
 * The columns are the ones `appendToOutbox` and `PostgresOutboxStore` expect,
 * as in the gateway's own outbox.
 *
 * Unqualified names: the runner's search_path puts them in the app's schema.
 */
export class CreateOutbox1795600000000 implements MigrationInterface {
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
