import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@beacon/persistence';

/**
 * The gateway's transactional outbox: events written in the same transaction
 * as the change they announce, published to Kafka by the relay
 * (`OutboxRelay` in @beacon/persistence) and then marked.
 *
 * Unqualified names: the runner's search_path puts them in the gateway's schema.
 */
export class CreateOutbox1795590000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTable(queryRunner);
  }
}
