import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RetractionRecord } from '../domain/retraction';
import type { RetractionStore } from '../ports/retraction-store.port';

interface RetractionRow {
  partner_id: string;
  retraction_id: string;
  consent_id: string | null;
  deliveries: number;
  purged: number;
  received_at: Date;
  confirmed_at: Date | null;
  confirmed_by_sub: string | null;
}

const COLUMNS =
  'partner_id, retraction_id, consent_id, deliveries, purged, received_at, confirmed_at, confirmed_by_sub';

/** The {@link RetractionStore} in the gateway's schema (`inbox_retractions`). */
@Injectable()
export class PostgresRetractionStore implements RetractionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  confirmPurge: RetractionStore['confirmPurge'] = async (retractionId, confirmer, at, decide) =>
    this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${COLUMNS} FROM inbox_retractions WHERE partner_id = $1 AND retraction_id = $2 FOR UPDATE`,
        [confirmer.partnerId, retractionId],
      )) as RetractionRow[];
      const row = rows[0];
      if (row === undefined) return undefined;
      const decision = decide(toRecord(row));
      if (!decision.ok) return decision;
      const updated = (await manager.query(
        `UPDATE inbox_retractions SET confirmed_at = $3, confirmed_by_sub = $4, confirmed_by_token = $5
          WHERE partner_id = $1 AND retraction_id = $2
          RETURNING ${COLUMNS}`,
        [confirmer.partnerId, retractionId, at, confirmer.subject, confirmer.tokenId ?? null],
      )) as [RetractionRow[], number];
      return { ok: true as const, retraction: toRecord(updated[0][0] as RetractionRow) };
    });

  async list(filter: Parameters<RetractionStore['list']>[0]): Promise<RetractionRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.unconfirmed) where.push('confirmed_at IS NULL');
    if (filter.receivedBefore !== undefined) {
      params.push(filter.receivedBefore);
      where.push(`received_at < $${params.length}`);
    }
    if (filter.partnerId !== undefined) {
      params.push(filter.partnerId);
      where.push(`partner_id = $${params.length}`);
    }
    params.push(filter.limit);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM inbox_retractions
        ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
        ORDER BY received_at, partner_id, retraction_id
        LIMIT $${params.length}`,
      params,
    )) as RetractionRow[];
    return rows.map(toRecord);
  }
}

function toRecord(row: RetractionRow): RetractionRecord {
  return {
    retractionId: row.retraction_id,
    partnerId: row.partner_id,
    ...(row.consent_id === null ? {} : { consentId: row.consent_id }),
    deliveries: row.deliveries,
    purgedFromInbox: row.purged,
    receivedAt: row.received_at.toISOString(),
    ...(row.confirmed_at === null ? {} : { confirmedAt: row.confirmed_at.toISOString() }),
    ...(row.confirmed_by_sub === null ? {} : { confirmedBy: row.confirmed_by_sub }),
  };
}
