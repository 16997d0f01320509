import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case-worker inbox: every delivery the gateway read from a partner's
 * delivery topic, kept for the stream and the paging API, and the
 * single-use tickets a browser's EventSource presents instead of a bearer
 * token.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateInboxTables1795610000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_items (
        seq              bigserial   PRIMARY KEY,
        partner_id       text        NOT NULL,
        topic            text        NOT NULL,
        kafka_partition  integer     NOT NULL,
        kafka_offset     bigint      NOT NULL,
        event_id         text        NOT NULL,
        event_type       text        NOT NULL,
        subject          text        NOT NULL,
        event_time       timestamptz NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        event            text        NOT NULL,
        -- A batch read again after a crash finds its rows and adds none.
        CONSTRAINT inbox_items_once UNIQUE (topic, kafka_partition, kafka_offset)
      )`);
    await queryRunner.query('CREATE INDEX inbox_items_partner_seq_idx ON inbox_items (partner_id, seq)');
    await queryRunner.query('CREATE INDEX inbox_items_received_idx ON inbox_items (received_at)');
    await queryRunner.query(
      "COMMENT ON COLUMN inbox_items.event IS 'The delivery as a structured-mode CloudEvent; data is the Kafka body as delivered'",
    );
    await queryRunner.query(`
      CREATE TABLE inbox_stream_tickets (
        ticket_hash  text        PRIMARY KEY,
        principal    jsonb       NOT NULL,
        issued_at    timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX inbox_stream_tickets_expiry_idx ON inbox_stream_tickets (expires_at)',
    );
    await queryRunner.query(
      "COMMENT ON COLUMN inbox_stream_tickets.ticket_hash IS 'SHA-256 (hex) of the ticket; the ticket itself is never stored'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox_stream_tickets');
    await queryRunner.query('DROP TABLE inbox_items');
  }
}
