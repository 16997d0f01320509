import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { InboxItem, NewInboxItem } from '../domain/inbox-item';
import type { InboxRetraction } from '../domain/retraction';
import { INBOX_SETTINGS } from '../inbox.di-tokens';
import type { InboxSettings } from '../inbox-settings';
import type { InboxStore } from '../ports/inbox-store.port';

/**
 * First key of the advisory lock an append holds on each partner it writes
 * for; the second is the partner id's hash. An arbitrary constant ("BCN5").
 */
const PARTNER_LOCK_NAMESPACE = 0x42434e35;

interface ItemRow {
  seq: string;
  partner_id: string;
  event_id: string;
  event_type: string;
  subject: string;
  event_time: Date;
  received_at: Date;
  event: string;
}

/**
 * The {@link InboxStore} in the gateway's schema (`inbox_items`).
 *
 * Streams read a partner's items by `seq > last sent`, so within one partner
 * the sequence numbers must become visible in the order they were handed
 * out. `bigserial` hands them out at insert, not at commit: two appends for
 * one partner (two gateway instances sharing the partitions of its delivery
 * topic) could commit 11 before 10, and a stream that already sent 11 would
 * never send 10. Each append therefore takes a transaction-scoped advisory
 * lock per partner before it inserts, so one partner's appends run one after
 * the other and its numbers follow commit order.
 *
 * The NOTIFY is sent inside the transaction: Postgres delivers it at commit,
 * and only if the transaction commits.
 */
@Injectable()
export class PostgresInboxStore implements InboxStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
  ) {}

  async append(
    items: readonly NewInboxItem[],
    retractions: readonly InboxRetraction[] = [],
  ): Promise<{ stored: number; purged: number }> {
    if (items.length === 0) return { stored: 0, purged: 0 };
    return this.dataSource.transaction(async (manager) => {
      const partners = [...new Set(items.map((item) => item.partnerId))].sort();
      for (const partnerId of partners) {
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          PARTNER_LOCK_NAMESPACE,
          partnerId,
        ]);
      }
      // First what is retracted, so that a listed delivery in this very batch is not stored either.
      for (const retraction of retractions) await recordRetraction(manager, retraction);
      const column = <K extends keyof NewInboxItem>(key: K) => items.map((item) => item[key]);
      const inserted = (await manager.query(
        `INSERT INTO inbox_items (partner_id, topic, kafka_partition, kafka_offset, event_id, event_type,
                                  subject, event_time, event)
         SELECT partner_id, topic, kafka_partition, kafka_offset, event_id, event_type, subject, event_time, event
           FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                       $8::timestamptz[], $9::text[])
                WITH ORDINALITY AS batch (partner_id, topic, kafka_partition, kafka_offset, event_id, event_type,
                                          subject, event_time, event, position)
          WHERE NOT EXISTS (SELECT 1 FROM inbox_retracted_deliveries r
                             WHERE r.partner_id = batch.partner_id AND r.delivery_id = batch.event_id)
          ORDER BY position
         ON CONFLICT ON CONSTRAINT inbox_items_once DO NOTHING
         RETURNING partner_id`,
        [
          column('partnerId'),
          column('topic'),
          column('partition'),
          column('offset'),
          column('eventId'),
          column('type'),
          column('subject'),
          column('time'),
          column('event'),
        ],
      )) as { partner_id: string }[];
      let purged = 0;
      for (const retraction of retractions) purged += await purgeRetracted(manager, retraction);
      for (const partnerId of new Set(inserted.map((row) => row.partner_id))) {
        await manager.query('SELECT pg_notify($1, $2)', [this.settings.notifyChannel, partnerId]);
      }
      return { stored: inserted.length, purged };
    });
  }

  async listAfter(partnerId: string, after: number, limit: number): Promise<InboxItem[]> {
    const rows = (await this.dataSource.query(
      `SELECT seq, partner_id, event_id, event_type, subject, event_time, received_at, event
         FROM inbox_items
        WHERE partner_id = $1 AND seq > $2
        ORDER BY seq
        LIMIT $3`,
      [partnerId, after, limit],
    )) as ItemRow[];
    return rows.map((row) => ({
      seq: Number(row.seq),
      partnerId: row.partner_id,
      eventId: row.event_id,
      type: row.event_type,
      subject: row.subject,
      time: row.event_time.toISOString(),
      receivedAt: row.received_at.toISOString(),
      event: row.event,
    }));
  }

  async purgeReceivedBefore(cutoff: Date): Promise<number> {
    const [, affected] = (await this.dataSource.query('DELETE FROM inbox_items WHERE received_at < $1', [
      cutoff,
    ])) as [unknown, number];
    return affected;
  }
}

/** Records a retraction and the deliveries it lists; one read again is left as it is. */
async function recordRetraction(manager: EntityManager, retraction: InboxRetraction): Promise<void> {
  await manager.query(
    `INSERT INTO inbox_retractions (partner_id, retraction_id, consent_id, deliveries)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (partner_id, retraction_id) DO NOTHING`,
    [
      retraction.partnerId,
      retraction.retractionId,
      retraction.consentId ?? null,
      retraction.deliveryIds.length,
    ],
  );
  await manager.query(
    `INSERT INTO inbox_retracted_deliveries (partner_id, delivery_id, retraction_id)
     SELECT $1, delivery_id, $3 FROM unnest($2::text[]) AS listed (delivery_id)
     ON CONFLICT (partner_id, delivery_id) DO NOTHING`,
    [retraction.partnerId, retraction.deliveryIds, retraction.retractionId],
  );
}

/** Removes the deliveries a retraction lists from the partner's inbox; counts them on the retraction. */
async function purgeRetracted(manager: EntityManager, retraction: InboxRetraction): Promise<number> {
  if (retraction.deliveryIds.length === 0) return 0;
  const [, removed] = (await manager.query(
    'DELETE FROM inbox_items WHERE partner_id = $1 AND event_id = ANY($2::text[])',
    [retraction.partnerId, retraction.deliveryIds],
  )) as [unknown, number];
  if (removed > 0)
    await manager.query(
      'UPDATE inbox_retractions SET purged = purged + $3 WHERE partner_id = $1 AND retraction_id = $2',
      [retraction.partnerId, retraction.retractionId, removed],
    );
  return removed;
}
