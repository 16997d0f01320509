import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines and escalation: when a delivered referral was escalated for
 * not being accepted in time. Set once, in the same transaction as the
 * `referral.escalated` outbox message, so each referral is escalated once
 * per deadline however many instances check. The partial index serves the
 * checker, which looks only at delivered referrals not yet escalated.
 *
 * Unqualified names: the runner's search_path puts them in the app's schema.
 */
export class AddAcceptEscalation1795600000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE referrals ADD COLUMN accept_escalated_at timestamptz NULL');
    await queryRunner.query(
      `CREATE INDEX referrals_awaiting_accept_idx ON referrals (received_at)
        WHERE status = 'delivered' AND accept_escalated_at IS NULL`,
    );
    await queryRunner.query(
      'CREATE INDEX referrals_originator_idx ON referrals (originator_partner_id, received_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX referrals_originator_idx');
    await queryRunner.query('DROP INDEX referrals_awaiting_accept_idx');
    await queryRunner.query('ALTER TABLE referrals DROP COLUMN accept_escalated_at');
  }
}
