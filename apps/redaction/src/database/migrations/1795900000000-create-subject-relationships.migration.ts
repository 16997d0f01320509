import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which partners hold a relationship with a subject: they originated an
 * event about the subject (its `source` was theirs, which intake checked
 * against the topic they wrote to) or received a delivery about it. The
 * gateway's consent API reads it, through `beacon_relationship_reader`,
 * before it lets a partner record a consent for the subject: a partner that
 * never had anything to do with a person cannot open that person's data.
 *
 * One row per subject, partner and kind, written the way the disclosure
 * ledger is (before the Kafka transaction commits, `ON CONFLICT DO
 * NOTHING`): a batch decided again writes nothing new, and a crash in
 * between leaves at worst a row for a delivery decided but never sent.
 *
 * Unqualified names: the runner's search_path puts them in the redaction schema.
 */
export class CreateSubjectRelationships1795900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subject_relationships (
        subject_id     uuid        NOT NULL,
        partner_id     text        NOT NULL,
        kind           text        NOT NULL CHECK (kind IN ('originated', 'received')),
        first_event_id text        NOT NULL,
        first_seen_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, partner_id, kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE subject_relationships');
  }
}
