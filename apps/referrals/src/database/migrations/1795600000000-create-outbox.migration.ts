import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@beacon/persistence';

/**
 * beacon-referrals' transactional outbox: each status change is written with
 * its `referral.status-changed` event in one transaction, and the relay
 * (`OutboxRelay` in @beacon/persistence) publishes it to the canonical log.
 * The columns are the ones `appendToOutbox` and `PostgresOutboxStore` expect,
 * as in the gateway's own outbox.
 *
 * Unqualified names: the runner's search_path puts them in the app's schema.
 */
export class CreateOutbox1795600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTable(queryRunner);
  }
}
