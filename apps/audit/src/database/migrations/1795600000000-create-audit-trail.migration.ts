import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one hash chain per partition of the audit topic
 * (`audit_records`) and the signed checkpoints over their heads
 * (`audit_checkpoints`). DESIGN.md, "Storage": the audit tables accept
 * INSERT only. A statement-level trigger refuses UPDATE, DELETE and
 * TRUNCATE for every role, the owner included; statement-level so that it
 * fires even when no row matches (an `UPDATE … WHERE false` is refused too,
 * and says so instead of quietly doing nothing).
 *
 * The trigger stops mistakes and anyone who can only write rows. The owner
 * (or a superuser) can still drop it; that is what the hash chain and the
 * signed checkpoints are for: such a change is then found by verification.
 *
 * Unqualified names: the runner's search_path puts them in the audit schema.
 */
export class CreateAuditTrail1795600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION '% on %.% refused: the audit trail is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Audit rows are only ever inserted; a correction is a new record.';
      END
      $fn$`);

    await queryRunner.query(`
      CREATE TABLE audit_records (
        partition          integer     NOT NULL CHECK (partition >= 0),
        sequence           bigint      NOT NULL CHECK (sequence >= 1),
        prev_hash          text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash               text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        record_id          text        NOT NULL,
        record_type        text        NULL,
        time               timestamptz NULL,
        actor              text        NULL,
        actor_sub          text        NULL,
        action             text        NULL,
        resource_type      text        NULL,
        resource_id        text        NULL,
        subject_id         text        NULL,
        resource_topic     text        NULL,
        resource_partition integer     NULL,
        resource_offset    text        NULL,
        outcome            text        NULL,
        purpose            text        NULL,
        policy_id          text        NULL,
        policy_version     text        NULL,
        consent_ids        text[]      NOT NULL,
        disclosed_paths    text[]      NOT NULL,
        withheld           jsonb       NOT NULL,
        break_glass        boolean     NOT NULL,
        correlation_id     text        NULL,
        record             jsonb       NOT NULL,
        stored_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partition, sequence),
        -- A record is stored once, whatever partition or batch brings it again.
        CONSTRAINT audit_records_record_id_key UNIQUE (record_id)
      )`);
    // What an auditor asks: whose data went where, what one partner saw, who saw one event.
    await queryRunner.query('CREATE INDEX audit_records_subject_idx ON audit_records (subject_id, time)');
    await queryRunner.query('CREATE INDEX audit_records_actor_idx ON audit_records (actor, time)');
    await queryRunner.query('CREATE INDEX audit_records_resource_idx ON audit_records (resource_id)');
    await queryRunner.query(
      "COMMENT ON TABLE audit_records IS 'Every record of the audit topic, once, in one hash chain per " +
        'topic partition. hash = SHA-256 of the RFC 8785 JSON of {format, partition, sequence, prevHash, ' +
        "recordId, record}; the other columns are derived from record. Append-only.'",
    );

    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        partition  integer     NOT NULL,
        sequence   bigint      NOT NULL,
        head_hash  text        NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
        signed_at  timestamptz NOT NULL,
        key_id     text        NOT NULL,
        signature  text        NOT NULL,
        stored_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partition, sequence),
        FOREIGN KEY (partition, sequence) REFERENCES audit_records (partition, sequence)
      )`);
    await queryRunner.query(
      "COMMENT ON TABLE audit_checkpoints IS 'Ed25519 signatures over a chain head (partition, sequence, " +
        "head hash, time); verifiable offline with the public key. Append-only.'",
    );

    for (const table of ['audit_records', 'audit_checkpoints']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only
          BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
    }
  }

  async down(): Promise<void> {
    // Rolling back would drop the audit trail, which no routine operation may do.
    throw new Error(
      'the audit trail is never rolled back by a migration; drop the schema by hand if that is really meant',
    );
  }
}
