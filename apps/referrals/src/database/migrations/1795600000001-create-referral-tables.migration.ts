import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "('created', 'delivered', 'accepted', 'declined', 'in-progress', 'closed', 'withdrawn')";

/**
 * Referrals as the lifecycle leaves them, and their history: one row per
 * lifecycle event, so who changed what and when can be read back without
 * replaying Kafka.
 *
 * Only the facts the lifecycle needs are kept (parties, subject id, urgency,
 * the assigned worker); the referral's narrative, health and contact data
 * stay on the canonical log, where redaction governs who sees them.
 *
 * Unqualified names: the runner's search_path puts them in the app's schema.
 */
export class CreateReferralTables1795600000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE referrals (
        referral_id           uuid        PRIMARY KEY,
        subject_id            uuid        NOT NULL,
        originator_partner_id text        NOT NULL,
        receiver_partner_id   text        NOT NULL,
        originator            jsonb       NOT NULL,
        receiver              jsonb       NOT NULL,
        assigned_worker_id    text        NULL,
        assigned_worker       jsonb       NULL,
        status                text        NOT NULL CHECK (status IN ${STATUSES}),
        urgency               text        NOT NULL,
        reason_code           text        NULL,
        close_result          text        NULL CHECK (close_result IN ('successful', 'not-successful')),
        outcome               jsonb       NULL,
        -- At-least-once delivery brings the same referral.created more than once; it is one referral.
        created_from_event_id uuid        NOT NULL UNIQUE,
        possible_duplicate    boolean     NOT NULL DEFAULT false,
        referral_created_at   timestamptz NOT NULL,
        received_at           timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        version               integer     NOT NULL DEFAULT 1,
        CONSTRAINT referrals_closed_has_result CHECK ((status = 'closed') = (close_result IS NOT NULL))
      )`);
    // The duplicate guard looks for open referrals of one subject to one receiver.
    await queryRunner.query(
      `CREATE INDEX referrals_open_by_subject_idx ON referrals (subject_id, receiver_partner_id)
        WHERE status IN ('created', 'delivered', 'accepted', 'in-progress')`,
    );
    await queryRunner.query('CREATE INDEX referrals_receiver_idx ON referrals (receiver_partner_id, status)');
    await queryRunner.query(
      "COMMENT ON COLUMN referrals.possible_duplicate IS 'Set on every open referral of one subject to one receiver when a second arrives'",
    );
    await queryRunner.query(`
      CREATE TABLE referral_history (
        id                  bigserial   PRIMARY KEY,
        referral_id         uuid        NOT NULL REFERENCES referrals (referral_id),
        event_type          text        NOT NULL,
        from_status         text        NULL CHECK (from_status IN ${STATUSES}),
        to_status           text        NULL CHECK (to_status IN ${STATUSES}),
        actor_partner_id    text        NULL,
        event               jsonb       NOT NULL,
        caused_by_event_id  uuid        NULL,
        published_event_id  uuid        NULL,
        occurred_at         timestamptz NOT NULL,
        recorded_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX referral_history_referral_idx ON referral_history (referral_id, id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE referral_history');
    await queryRunner.query('DROP TABLE referrals');
  }
}
