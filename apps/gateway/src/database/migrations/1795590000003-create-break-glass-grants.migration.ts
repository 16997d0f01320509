import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Break-glass grants, owned by the gateway's break-glass API and kept beside
 * the consent tables: the redaction service reads both the same way (read
 * only), when it decides each event about the subject.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateBreakGlassGrants1795590000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE break_glass_grants (
        grant_id            uuid        PRIMARY KEY,
        subject_id          uuid        NOT NULL,
        partner_id          text        NOT NULL,
        sector              text        NOT NULL,
        role                text        NOT NULL,
        reason              text        NOT NULL CHECK (length(btrim(reason)) > 0),
        requested_by        text        NOT NULL,
        categories          jsonb       NOT NULL,
        started_at          timestamptz NOT NULL,
        expires_at          timestamptz NOT NULL,
        data                jsonb       NOT NULL,
        recorded_by_token   text        NULL,
        recorded_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT break_glass_grants_window CHECK (expires_at > started_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX break_glass_grants_subject_idx ON break_glass_grants (subject_id, expires_at)',
    );
    await queryRunner.query(
      "COMMENT ON COLUMN break_glass_grants.data IS 'The org.beacon.break-glass.granted.v1 data as validated and published'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE break_glass_grants');
  }
}
