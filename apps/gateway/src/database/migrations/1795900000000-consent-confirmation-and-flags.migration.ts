import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents that cannot be forged quietly: a consent that widens what its
 * own recorder receives waits (`pending`) for a supervisor of that
 * organisation to confirm it, and a consent recorded by someone who
 * recorded unusually many is flagged for auditors. The redaction service
 * reads `requires_confirmation` and `confirmed_at` to leave pending
 * consents out. Existing consents needed no confirmation.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class ConsentConfirmationAndFlags1795900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE consents DROP CONSTRAINT consents_status_check');
    await queryRunner.query(
      "ALTER TABLE consents ADD CONSTRAINT consents_status_check CHECK (status IN ('pending', 'active', 'revoked'))",
    );
    await queryRunner.query(`
      ALTER TABLE consents
        ADD COLUMN requires_confirmation boolean     NOT NULL DEFAULT false,
        ADD COLUMN confirmed_at          timestamptz NULL,
        ADD COLUMN confirmed_by_sub      text        NULL,
        ADD COLUMN confirmed_by_token    text        NULL,
        ADD COLUMN flag_code             text        NULL,
        ADD COLUMN flag_reason           text        NULL,
        ADD CONSTRAINT consents_confirmed_only_if_required
          CHECK (confirmed_at IS NULL OR requires_confirmation),
        ADD CONSTRAINT consents_confirmed_by_with_time
          CHECK ((confirmed_at IS NULL) = (confirmed_by_sub IS NULL)),
        ADD CONSTRAINT consents_pending_until_confirmed
          CHECK (status <> 'pending' OR (requires_confirmation AND confirmed_at IS NULL))`);
    // Counting one person's recent consents on every grant, and the auditors' list of flagged ones.
    await queryRunner.query(
      'CREATE INDEX consents_recorder_idx ON consents (recorded_by_partner, recorded_by_sub, recorded_at)',
    );
    await queryRunner.query(
      'CREATE INDEX consents_flagged_idx ON consents (recorded_at) WHERE flag_code IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX consents_flagged_idx');
    await queryRunner.query('DROP INDEX consents_recorder_idx');
    await queryRunner.query(`
      ALTER TABLE consents
        DROP CONSTRAINT consents_pending_until_confirmed,
        DROP CONSTRAINT consents_confirmed_by_with_time,
        DROP CONSTRAINT consents_confirmed_only_if_required,
        DROP COLUMN flag_reason,
        DROP COLUMN flag_code,
        DROP COLUMN confirmed_by_token,
        DROP COLUMN confirmed_by_sub,
        DROP COLUMN confirmed_at,
        DROP COLUMN requires_confirmation`);
    await queryRunner.query('ALTER TABLE consents DROP CONSTRAINT consents_status_check');
    await queryRunner.query(
      "ALTER TABLE consents ADD CONSTRAINT consents_status_check CHECK (status IN ('active', 'revoked'))",
    );
  }
}
