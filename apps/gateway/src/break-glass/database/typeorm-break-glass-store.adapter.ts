import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { BreakGlassGrantedV1Data } from '@beacon/contracts';
import { appendToOutbox, type NewOutboxMessage } from '@beacon/persistence';
import { OutboxRelayService } from '@beacon/platform/nest';
import type { BreakGlassStore } from '../ports/break-glass-store.port';

/**
 * The consent store's subject lock ("BCN3"): a grant and a consent change
 * about one subject take the same lock, so their outbox ids follow their
 * commit order and the canonical log keeps one order per subject.
 */
const SUBJECT_LOCK_NAMESPACE = 0x42434e33;

/** The {@link BreakGlassStore} in the gateway's schema (`break_glass_grants` and `outbox`). */
@Injectable()
export class TypeOrmBreakGlassStore implements BreakGlassStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  async record(
    grant: BreakGlassGrantedV1Data,
    tokenId: string | undefined,
    event: NewOutboxMessage,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        SUBJECT_LOCK_NAMESPACE,
        grant.subjectId,
      ]);
      await manager.query(
        `INSERT INTO break_glass_grants (grant_id, subject_id, partner_id, sector, role, reason, requested_by,
                                         categories, started_at, expires_at, data, recorded_by_token)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12)`,
        [
          grant.grantId,
          grant.subjectId,
          grant.grantee.partnerId,
          grant.grantee.sector,
          grant.grantedBy.role,
          grant.reason,
          grant.grantedBy.caseWorker.workerId,
          JSON.stringify(grant.categories),
          grant.startedAt,
          grant.expiresAt,
          JSON.stringify(grant),
          tokenId ?? null,
        ],
      );
      await appendToOutbox(manager, [event]);
    });
    // After the commit: woken earlier, the relay could look before the row is visible.
    this.relay.nudge();
  }
}
