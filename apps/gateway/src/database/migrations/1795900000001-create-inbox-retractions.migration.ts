import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retractions reach Beacon's own copies: when a partner's delivery topic
 * carries an org.beacon.disclosure.retracted.v1, the inbox removes the
 * deliveries it lists and keeps here which ones they were (so a listed
 * delivery read later, from another partition, is never stored) and the
 * retraction itself, which the partner confirms once it purged its own
 * copies and auditors watch for confirmations that do not come.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateInboxRetractions1795900000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_retractions (
        partner_id         text        NOT NULL,
        retraction_id      text        NOT NULL,
        consent_id         text        NULL,
        deliveries         integer     NOT NULL,
        purged             integer     NOT NULL DEFAULT 0,
        received_at        timestamptz NOT NULL DEFAULT now(),
        confirmed_at       timestamptz NULL,
        confirmed_by_sub   text        NULL,
        confirmed_by_token text        NULL,
        PRIMARY KEY (partner_id, retraction_id),
        CONSTRAINT inbox_retractions_confirmed_by_with_time CHECK ((confirmed_at IS NULL) = (confirmed_by_sub IS NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX inbox_retractions_unconfirmed_idx ON inbox_retractions (received_at) WHERE confirmed_at IS NULL',
    );
    await queryRunner.query(`
      CREATE TABLE inbox_retracted_deliveries (
        partner_id    text NOT NULL,
        delivery_id   text NOT NULL,
        retraction_id text NOT NULL,
        PRIMARY KEY (partner_id, delivery_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox_retracted_deliveries');
    await queryRunner.query('DROP TABLE inbox_retractions');
  }
}
