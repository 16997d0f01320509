import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A disclosure record is 3–5 kB of JSON, over the 2 kB at which Postgres
 * starts compressing a row's largest values (pglz). Compressing every row
 * as it is appended was a tenth of Postgres's time in the end-to-end
 * benchmark (a CPU profile of the run; docs/benchmarks.md), while the rows
 * are written once and read rarely. With `toast_tuple_target` at its
 * maximum, rows up to a page (about 8 kB) are stored as they are; larger
 * ones are still compressed and moved out of line. The trade is disk for
 * CPU: about twice the space for a typical disclosure record.
 *
 * A storage parameter touches no row, so the append-only trigger has
 * nothing to say; it applies to rows written from now on.
 */
export class KeepAuditRowsUncompressed1795800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_records SET (toast_tuple_target = 8160)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_records RESET (toast_tuple_target)');
  }
}
