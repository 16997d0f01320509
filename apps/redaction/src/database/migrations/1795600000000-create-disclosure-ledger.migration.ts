import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure ledger: which delivery disclosed something to which partner
 * under which consent. A revocation of the consent reads it to tell each
 * partner what to purge (org.beacon.disclosure.retracted.v1).
 *
 * Rows are written before the Kafka transaction that carries the delivery
 * commits, and keyed by (consent, delivery), so a batch decided again after a
 * crash writes the same rows again. A crash between the two leaves a row for
 * a delivery that was never sent; a retraction then names an id the partner
 * never received, which it ignores. The other order could lose a row for a
 * delivery that was sent, and a retraction would then miss it.
 *
 * Unqualified names: the runner's search_path puts them in the redaction schema.
 */
export class CreateDisclosureLedger1795600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE disclosure_ledger (
        consent_id        text        NOT NULL,
        delivery_id       uuid        NOT NULL,
        source_event_id   text        NOT NULL,
        source_event_type text        NOT NULL,
        source_partition  integer     NOT NULL,
        source_offset     bigint      NOT NULL,
        partner_id        text        NOT NULL,
        sector            text        NOT NULL,
        subject_id        text        NOT NULL,
        purpose           text        NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consent_id, delivery_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE disclosure_ledger');
  }
}
