import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the auditor API (`GET /v1/audit/records`, its export,
 * who-could-see and explain). Every listing is ordered by the key
 * `(COALESCE(time, '-infinity'), partition, sequence)`: record time first,
 * chain position to break ties, and rows without a time first. The cursor
 * is a position in that order, so each filter that narrows by equality gets
 * an index that starts with the filtered column and continues with the
 * order key: a page is then one ordered index range scan that stops after
 * `limit` rows, whatever the table's size (one million rows included).
 *
 * The subject and actor indexes of the first migration ended with `time`
 * alone, which cannot serve the cursor's tie-break; they are replaced, so
 * each insert maintains no more indexes than it needs.
 *
 * Paths are searched in `disclosed_paths` (text[]) and in `withheld`
 * (jsonb array of objects) by containment, which GIN indexes answer.
 *
 * Index changes touch no row, so the append-only trigger has nothing to say.
 */
export class IndexAuditRecordsForAuditors1795700000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const order = "COALESCE(time, '-infinity'::timestamptz), partition, sequence";
    await queryRunner.query('DROP INDEX audit_records_subject_idx');
    await queryRunner.query('DROP INDEX audit_records_actor_idx');
    await queryRunner.query(`CREATE INDEX audit_records_order_idx ON audit_records (${order})`);
    await queryRunner.query(`CREATE INDEX audit_records_subject_idx ON audit_records (subject_id, ${order})`);
    await queryRunner.query(`CREATE INDEX audit_records_actor_idx ON audit_records (actor, ${order})`);
    await queryRunner.query(
      `CREATE INDEX audit_records_actor_sub_idx ON audit_records (actor_sub, ${order})`,
    );
    await queryRunner.query(
      'CREATE INDEX audit_records_disclosed_paths_idx ON audit_records USING gin (disclosed_paths)',
    );
    await queryRunner.query(
      'CREATE INDEX audit_records_withheld_idx ON audit_records USING gin (withheld jsonb_path_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['order', 'subject', 'actor', 'actor_sub', 'disclosed_paths', 'withheld'])
      await queryRunner.query(`DROP INDEX audit_records_${index}_idx`);
    await queryRunner.query('CREATE INDEX audit_records_subject_idx ON audit_records (subject_id, time)');
    await queryRunner.query('CREATE INDEX audit_records_actor_idx ON audit_records (actor, time)');
  }
}
