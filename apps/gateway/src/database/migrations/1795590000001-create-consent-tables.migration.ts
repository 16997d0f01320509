import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent records, owned by the gateway's consent API (DESIGN.md, "Storage":
 * consent records have one owner). They live in the gateway's own schema
 * rather than a separate `consent` schema, so that a consent, its
 * revocations and the outbox row announcing each change commit in one
 * transaction, through the one migrations runner the gateway has.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateConsentTables1795590000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE consents (
        consent_id          uuid        PRIMARY KEY,
        subject_id          uuid        NOT NULL,
        data                jsonb       NOT NULL,
        granted_at          timestamptz NOT NULL,
        recorded_at         timestamptz NOT NULL DEFAULT now(),
        recorded_by_sub     text        NOT NULL,
        recorded_by_partner text        NOT NULL,
        recorded_by_token   text        NULL,
        status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        revoked_at          timestamptz NULL,
        CONSTRAINT consents_revoked_at_iff_revoked CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX consents_subject_idx ON consents (subject_id, recorded_by_partner)',
    );
    await queryRunner.query(
      "COMMENT ON COLUMN consents.data IS 'The org.beacon.consent.granted.v1 data as validated and published'",
    );
    await queryRunner.query(`
      CREATE TABLE consent_revocations (
        id                  bigserial   PRIMARY KEY,
        consent_id          uuid        NOT NULL REFERENCES consents (consent_id),
        grantee             jsonb       NULL,
        grantee_key         text        NOT NULL,
        reason              text        NOT NULL,
        data                jsonb       NOT NULL,
        revoked_at          timestamptz NOT NULL,
        recorded_by_sub     text        NOT NULL,
        recorded_by_partner text        NOT NULL,
        recorded_by_token   text        NULL,
        -- A grantee is revoked once, and the whole consent once ('*').
        CONSTRAINT consent_revocations_once UNIQUE (consent_id, grantee_key),
        CONSTRAINT consent_revocations_whole_iff_no_grantee CHECK ((grantee IS NULL) = (grantee_key = '*'))
      )`);
    await queryRunner.query(
      "COMMENT ON COLUMN consent_revocations.data IS 'The org.beacon.consent.revoked.v1 data as validated and published'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE consent_revocations');
    await queryRunner.query('DROP TABLE consents');
  }
}
