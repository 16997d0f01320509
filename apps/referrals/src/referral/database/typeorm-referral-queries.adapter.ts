import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CaseWorker, OrganisationRef, ReferralReasonCode, Urgency } from '@beacon/contracts';
import type { ReferralListFilter } from '../domain/referral-requests';
import type { CloseResult } from '../domain/referral.decider';
import type { ReferralQueries, StoredHistoryEntry, StoredReferral } from '../ports/referral-queries.port';

interface ReferralRow {
  referral_id: string;
  subject_id: string;
  originator: OrganisationRef;
  receiver: OrganisationRef;
  status: StoredReferral['status'];
  urgency: Urgency;
  assigned_worker: CaseWorker | null;
  reason_code: ReferralReasonCode | null;
  close_result: CloseResult | null;
  outcome: { servicesProvided?: string[]; onwardReferral?: string; summary?: string } | null;
  possible_duplicate: boolean;
  possible_duplicate_of: string[] | null;
  referral_created_at: Date;
  received_at: Date;
  updated_at: Date;
  accept_escalated_at: Date | null;
  position: string;
}

interface HistoryRow {
  event_type: string;
  from_status: string | null;
  to_status: string | null;
  actor_partner_id: string | null;
  event: Record<string, unknown>;
  occurred_at: Date;
}

// $1 is always the caller's partner: a referral is visible only to its two parties, and so are
// the other referrals named as its possible duplicates.
const SELECT = `
  SELECT r.referral_id, r.subject_id, r.originator, r.receiver, r.status, r.urgency, r.assigned_worker,
         r.reason_code, r.close_result, r.outcome, r.possible_duplicate, r.referral_created_at, r.received_at,
         r.updated_at, r.accept_escalated_at,
         to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
         CASE WHEN r.possible_duplicate THEN ARRAY(
           SELECT o.referral_id::text FROM referrals o
            WHERE o.subject_id = r.subject_id AND o.receiver_partner_id = r.receiver_partner_id
              AND o.referral_id <> r.referral_id AND o.possible_duplicate
              AND (o.receiver_partner_id = $1 OR o.originator_partner_id = $1)
            ORDER BY o.received_at, o.referral_id) END AS possible_duplicate_of
    FROM referrals r`;

/** The {@link ReferralQueries} on the app's Postgres schema; every value is a bound parameter. */
@Injectable()
export class TypeOrmReferralQueries implements ReferralQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(partnerId: string, filter: ReferralListFilter): Promise<StoredReferral[]> {
    const params: unknown[] = [partnerId];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    switch (filter.direction) {
      case 'incoming':
        where.push('r.receiver_partner_id = $1');
        break;
      case 'outgoing':
        where.push('r.originator_partner_id = $1');
        break;
      case undefined:
        where.push('(r.receiver_partner_id = $1 OR r.originator_partner_id = $1)');
        break;
      default: {
        const unknown: never = filter.direction;
        throw new Error(`unknown direction ${String(unknown)}`);
      }
    }
    if (filter.statuses !== undefined) where.push(`r.status = ANY(${bind(filter.statuses)}::text[])`);
    if (filter.urgencies !== undefined) where.push(`r.urgency = ANY(${bind(filter.urgencies)}::text[])`);
    if (filter.assignedWorker !== undefined)
      where.push(`r.assigned_worker_id = ${bind(filter.assignedWorker)}`);
    if (filter.after !== undefined) {
      where.push(
        `(r.received_at, r.referral_id) < (${bind(filter.after.receivedAt)}::timestamptz, ${bind(filter.after.referralId)}::uuid)`,
      );
    }
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')}
        ORDER BY r.received_at DESC, r.referral_id DESC
        LIMIT ${bind(filter.limit + 1)}`,
      params,
    )) as ReferralRow[];
    return rows.map(toStored);
  }

  async find(
    partnerId: string,
    referralId: string,
  ): Promise<{ referral: StoredReferral; history: StoredHistoryEntry[] } | undefined> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE r.referral_id = $2 AND (r.receiver_partner_id = $1 OR r.originator_partner_id = $1)`,
      [partnerId, referralId],
    )) as ReferralRow[];
    const row = rows[0];
    if (row === undefined) return undefined;
    const history = (await this.dataSource.query(
      `SELECT event_type, from_status, to_status, actor_partner_id, event, occurred_at
         FROM referral_history WHERE referral_id = $1 ORDER BY id`,
      [referralId],
    )) as HistoryRow[];
    return {
      referral: toStored(row),
      history: history.map((h) => ({
        eventType: h.event_type,
        ...(h.from_status === null ? {} : { fromStatus: h.from_status }),
        ...(h.to_status === null ? {} : { toStatus: h.to_status }),
        ...(h.actor_partner_id === null ? {} : { actorPartnerId: h.actor_partner_id }),
        event: h.event,
        occurredAt: h.occurred_at,
      })),
    };
  }
}

function toStored(row: ReferralRow): StoredReferral {
  const outcome =
    row.outcome === null
      ? undefined
      : {
          ...(row.outcome.servicesProvided === undefined
            ? {}
            : { servicesProvided: row.outcome.servicesProvided }),
          ...(row.outcome.onwardReferral === undefined ? {} : { onwardReferral: row.outcome.onwardReferral }),
        };
  return {
    referralId: row.referral_id,
    subjectId: row.subject_id,
    originator: row.originator,
    receiver: row.receiver,
    status: row.status,
    urgency: row.urgency,
    ...(row.assigned_worker === null ? {} : { assignedWorker: row.assigned_worker }),
    ...(row.reason_code === null ? {} : { reasonCode: row.reason_code }),
    ...(row.close_result === null ? {} : { closeResult: row.close_result }),
    ...(outcome === undefined ? {} : { outcome }),
    possibleDuplicate: row.possible_duplicate,
    possibleDuplicateOf: row.possible_duplicate_of ?? [],
    createdAt: row.referral_created_at,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    ...(row.accept_escalated_at === null ? {} : { acceptEscalatedAt: row.accept_escalated_at }),
    position: { receivedAt: row.position, referralId: row.referral_id },
  };
}
