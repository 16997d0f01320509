import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  DISCLOSURE_RECORDED_TYPE,
  ACCESS_RECORDED_TYPE,
  type JsonObject,
  type SignedCheckpoint,
  type ViewableRow,
} from '../../chain';
import { cursorAfter, type RecordCursor } from '../core/record-cursor';
import type { RecordFilters, RecordsPageRequest } from '../core/record-filters';
import { ORDER_BY, orderKey, recordsBatchQuery, recordsPageQuery } from '../core/record-query';
import type { PathDisclosureRow, UserAccess } from '../core/who-could-see';
import type { AuditRecordsReader, RecordsSnapshot } from '../ports/audit-records.port';

/** Rows read per statement while an export streams. */
const EXPORT_BATCH = 500;

interface LinkRecord {
  partition: number;
  sequence: string;
  prev_hash: string;
  hash: string;
  record_id: string;
  record: JsonObject;
}

function fromLinkRecord(r: LinkRecord): ViewableRow {
  return {
    partition: r.partition,
    // bigint arrives as a string; chains stay far below 2^53 rows.
    sequence: Number(r.sequence),
    prevHash: r.prev_hash,
    hash: r.hash,
    recordId: r.record_id,
    record: r.record,
  };
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/**
 * The {@link AuditRecordsReader} over the audit app's Postgres schema
 * (unqualified table names: the connection's search_path names the schema).
 * Every statement is built from fixed text with bind parameters.
 */
@Injectable()
export class TypeOrmAuditRecordsReader implements AuditRecordsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(request: RecordsPageRequest): Promise<ViewableRow[]> {
    const { text, values } = recordsPageQuery(request);
    const rows = (await this.dataSource.query(text, values)) as LinkRecord[];
    return rows.map(fromLinkRecord);
  }

  async openExport(filters: RecordFilters): Promise<RecordsSnapshot> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot: the checkpoints read at the end agree with the rows read before.
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new TypeOrmRecordsSnapshot(runner, filters);
  }

  async pathDisclosures(subjectId: string, path: string, at: string): Promise<PathDisclosureRow[]> {
    // starts_with, not LIKE: a path holding % or _ is compared as it is.
    const rows = (await this.dataSource.query(
      `SELECT r.record_id, r.time, r.actor, r.record #>> '{data,recipient,sector}' AS sector, r.resource_id,
              x.path, x.transformation, r.policy_id, r.policy_version, r.consent_ids, r.break_glass
         FROM audit_records r
        CROSS JOIN LATERAL (
              SELECT p AS path, 'none' AS transformation FROM unnest(r.disclosed_paths) AS p
              UNION ALL
              SELECT w ->> 'path', w ->> 'transformation' FROM jsonb_array_elements(r.withheld) AS w
        ) x
        WHERE r.subject_id = $1
          AND r.record_type = $2
          AND ${orderKey('r')} <= $3::timestamptz
          AND (x.path = $4 OR starts_with(x.path, $4 || '/') OR starts_with($4, x.path || '/'))
        ORDER BY ${orderKey('r')}, r.partition, r.sequence`,
      [subjectId, DISCLOSURE_RECORDED_TYPE, at, path],
    )) as {
      record_id: string;
      time: Date | null;
      actor: string | null;
      sector: string | null;
      resource_id: string | null;
      path: string;
      transformation: string | null;
      policy_id: string | null;
      policy_version: string | null;
      consent_ids: string[];
      break_glass: boolean;
    }[];
    return rows.map((r) => ({
      recordId: r.record_id,
      time: iso(r.time),
      partnerId: r.actor,
      sector: r.sector,
      eventId: r.resource_id,
      path: r.path,
      transformation: r.transformation ?? 'unknown',
      policyId: r.policy_id,
      policyVersion: r.policy_version,
      consentIds: r.consent_ids,
      breakGlass: r.break_glass,
    }));
  }

  async userAccesses(
    subjectId: string,
    at: string,
    partners: readonly { partnerId: string; since: string | null }[],
  ): Promise<UserAccess[]> {
    if (partners.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT r.actor, r.actor_sub, min(r.time) AS first, max(r.time) AS last, count(*)::int AS accesses
         FROM audit_records r
         JOIN unnest($4::text[], $5::timestamptz[]) AS p(partner_id, since)
           ON r.actor = p.partner_id AND ${orderKey('r')} >= COALESCE(p.since, '-infinity'::timestamptz)
        WHERE r.subject_id = $1
          AND r.record_type = $2
          AND r.outcome = 'allowed'
          AND r.actor_sub IS NOT NULL
          AND ${orderKey('r')} <= $3::timestamptz
        GROUP BY r.actor, r.actor_sub
        ORDER BY r.actor, r.actor_sub`,
      [subjectId, ACCESS_RECORDED_TYPE, at, partners.map((p) => p.partnerId), partners.map((p) => p.since)],
    )) as { actor: string; actor_sub: string; first: Date | null; last: Date | null; accesses: number }[];
    return rows.map((r) => ({
      partnerId: r.actor,
      subject: r.actor_sub,
      firstAccessAt: iso(r.first),
      lastAccessAt: iso(r.last),
      accesses: r.accesses,
    }));
  }

  async deliveries(eventId: string, partnerId: string): Promise<ViewableRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT partition, sequence, prev_hash, hash, record_id, record FROM audit_records
        WHERE resource_id = $1 AND actor = $2 AND record_type = $3
        ORDER BY ${ORDER_BY}`,
      [eventId, partnerId, DISCLOSURE_RECORDED_TYPE],
    )) as LinkRecord[];
    return rows.map(fromLinkRecord);
  }
}

class TypeOrmRecordsSnapshot implements RecordsSnapshot {
  private closed = false;

  constructor(
    private readonly runner: QueryRunner,
    private readonly filters: RecordFilters,
  ) {}

  async *rows(): AsyncIterable<ViewableRow> {
    let after: RecordCursor | undefined;
    for (;;) {
      // Keyset batches from a cursor: memory holds one batch, whatever the export's size.
      const { text, values } = recordsBatchQuery(this.filters, after, EXPORT_BATCH);
      const batch = ((await this.runner.query(text, values)) as LinkRecord[]).map(fromLinkRecord);
      yield* batch;
      if (batch.length < EXPORT_BATCH) return;
      after = cursorAfter(batch[batch.length - 1]);
    }
  }

  async checkpointsCovering(
    heads: readonly { partition: number; sequence: number }[],
  ): Promise<SignedCheckpoint[]> {
    if (heads.length === 0) return [];
    const rows = (await this.runner.query(
      `SELECT c.partition, c.sequence, c.head_hash, c.signed_at, c.key_id, c.signature
         FROM unnest($1::integer[], $2::bigint[]) AS h(partition, sequence)
         CROSS JOIN LATERAL (
              SELECT * FROM audit_checkpoints c
               WHERE c.partition = h.partition AND c.sequence >= h.sequence
               ORDER BY c.sequence LIMIT 1
         ) c
        ORDER BY c.partition`,
      [heads.map((h) => h.partition), heads.map((h) => h.sequence)],
    )) as {
      partition: number;
      sequence: string;
      head_hash: string;
      signed_at: Date;
      key_id: string;
      signature: string;
    }[];
    return rows.map((r) => ({
      partition: r.partition,
      sequence: Number(r.sequence),
      headHash: r.head_hash,
      signedAt: r.signed_at.toISOString(),
      keyId: r.key_id,
      signature: r.signature,
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.runner.commitTransaction();
    } finally {
      await this.runner.release();
    }
  }
}
