import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseWorker, OrganisationRef, ReferralReasonCode, Urgency } from '@beacon/contracts';
import { appendToOutbox } from '@beacon/persistence';
import {
  OPEN_STATUSES,
  statusAfter,
  type ReferralOutcome,
  type ReferralState,
} from '../domain/referral.decider';
import { OutboxRelayService } from '@beacon/platform/nest';
import type { AcceptDeadlines } from '../domain/accept-deadlines';
import type {
  OverdueReferral,
  ReceivedReferral,
  ReferralEscalation,
  ReceiveOutcome,
  RecordedEvent,
  ReferralChange,
  ReferralStore,
} from '../ports/referral-store.port';

type Existing = Exclude<ReferralState, { status: 'absent' }>;

/**
 * First key of the advisory lock a referral change holds on its subject; the
 * second is the subject id's hash. An arbitrary constant ("BCN4"), apart from
 * the migrations ("BCN1"), outbox ("BCN2") and consent ("BCN3") locks.
 */
const SUBJECT_LOCK_NAMESPACE = 0x42434e34;

interface ReferralRow {
  referral_id: string;
  subject_id: string;
  originator: OrganisationRef;
  receiver: OrganisationRef;
  assigned_worker: CaseWorker | null;
  status: Existing['status'];
  urgency: Urgency;
  reason_code: ReferralReasonCode | null;
  close_result: ReferralOutcome['result'] | null;
  outcome: Omit<ReferralOutcome, 'result' | 'reasonCode'> | null;
  referral_created_at: Date;
}

/**
 * A delivered referral not yet escalated whose accept deadline (`$1`: seconds per urgency, as JSON)
 * has passed by the database's clock, so instances with skewed clocks agree on what is overdue.
 */
const OVERDUE = `status = 'delivered' AND accept_escalated_at IS NULL
  AND ($1::jsonb ->> urgency) IS NOT NULL
  AND received_at + ($1::jsonb ->> urgency)::bigint * interval '1 second' <= now()`;
/** How many overdue referrals one call looks at before it gives up to the next round. */
const CANDIDATES_PER_CALL = 20;

const COLUMNS =
  'referral_id, subject_id, originator, receiver, assigned_worker, status, urgency, reason_code, close_result, outcome, referral_created_at';

/**
 * The {@link ReferralStore} in the app's Postgres schema (tables `referrals`,
 * `referral_history` and `outbox`, unqualified: the connection's search_path
 * names the schema).
 *
 * Every write takes a transaction-scoped advisory lock on the subject first.
 * It keeps the duplicate guard honest (two referrals of one subject arriving
 * at once see each other), and it makes one subject's outbox ids follow its
 * commit order, which the relay, publishing in id order, relies on.
 */
@Injectable()
export class TypeOrmReferralStore implements ReferralStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  async recordReceived(received: ReceivedReferral): Promise<ReceiveOutcome> {
    const { state } = received;
    const outcome = await this.dataSource.transaction(async (manager): Promise<ReceiveOutcome> => {
      await lockSubject(manager, state.subjectId);
      // Either unique key (event id or referral id) already present means this referral is known.
      const inserted = (await manager.query(
        `INSERT INTO referrals (referral_id, subject_id, originator_partner_id, receiver_partner_id,
                                originator, receiver, assigned_worker_id, assigned_worker, status, urgency,
                                reason_code, close_result, outcome, created_from_event_id, referral_created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13::jsonb, $14, $15)
         ON CONFLICT DO NOTHING
         RETURNING referral_id`,
        [
          state.referralId,
          state.subjectId,
          state.originator.partnerId,
          state.receiver.partnerId,
          JSON.stringify(state.originator),
          JSON.stringify(state.receiver),
          ...statusColumns(state),
          received.sourceEventId,
          state.createdAt,
        ],
      )) as unknown[];
      if (inserted.length === 0) return { kind: 'already-recorded' };

      const others = (await manager.query(
        `SELECT referral_id FROM referrals
          WHERE subject_id = $1 AND receiver_partner_id = $2 AND referral_id <> $3
            AND status = ANY($4::text[])
          ORDER BY received_at, referral_id`,
        [state.subjectId, state.receiver.partnerId, state.referralId, OPEN_STATUSES],
      )) as { referral_id: string }[];
      const possibleDuplicateOf = others.map((row) => row.referral_id);
      if (possibleDuplicateOf.length > 0) {
        // Accepted, not refused: two agencies may rightly refer one person; the receiver decides.
        await manager.query(
          `UPDATE referrals SET possible_duplicate = true, updated_at = now()
            WHERE referral_id = ANY($1::uuid[])`,
          [[state.referralId, ...possibleDuplicateOf]],
        );
      }
      await insertHistory(manager, state.referralId, received.history, received.sourceEventId);
      await appendToOutbox(manager, received.outbox);
      return { kind: 'recorded', possibleDuplicateOf };
    });
    // After the commit, not inside it: woken earlier, the relay could look before the row is visible.
    if (outcome.kind === 'recorded' && received.outbox.length > 0) this.relay.nudge();
    return outcome;
  }

  async change<R>(
    referralId: string,
    plan: (state: Existing) => { change: ReferralChange; result: R },
  ): Promise<R | undefined> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The subject's lock before the row's, the order recordReceived takes them in (it flags
      // other referrals of the subject as duplicates), so the two never wait for each other.
      // A referral's subject never changes, so reading it unlocked is safe.
      const subjects = (await manager.query(`SELECT subject_id FROM referrals WHERE referral_id = $1`, [
        referralId,
      ])) as { subject_id: string }[];
      if (subjects[0] === undefined) return undefined;
      await lockSubject(manager, subjects[0].subject_id);
      const rows = (await manager.query(
        `SELECT ${COLUMNS} FROM referrals WHERE referral_id = $1 FOR UPDATE`,
        [referralId],
      )) as ReferralRow[];
      const row = rows[0];
      if (row === undefined) return undefined;
      const { change, result } = plan(toState(row));
      await manager.query(
        `UPDATE referrals
            SET assigned_worker_id = $2, assigned_worker = $3::jsonb, status = $4, urgency = $5,
                reason_code = $6, close_result = $7, outcome = $8::jsonb,
                updated_at = now(), version = version + 1
          WHERE referral_id = $1`,
        [referralId, ...statusColumns(change.next)],
      );
      await insertHistory(manager, referralId, change.history);
      await appendToOutbox(manager, change.outbox);
      return { result, wrote: change.outbox.length > 0 };
    });
    if (outcome?.wrote === true) this.relay.nudge();
    return outcome?.result;
  }

  async escalateNextOverdue(
    deadlines: AcceptDeadlines,
    plan: (overdue: OverdueReferral) => ReferralEscalation,
  ): Promise<string | undefined> {
    const deadlinesJson = JSON.stringify(deadlines);
    // Candidates first, unlocked, so that each one's subject can be locked before its row: the
    // order recordReceived takes them in, which keeps the two from deadlocking.
    const candidates = (await this.dataSource.query(
      `SELECT referral_id, subject_id FROM referrals WHERE ${OVERDUE}
        ORDER BY received_at, referral_id LIMIT ${CANDIDATES_PER_CALL}`,
      [deadlinesJson],
    )) as { referral_id: string; subject_id: string }[];
    for (const candidate of candidates) {
      const escalated = await this.escalateIfStillOverdue(deadlinesJson, candidate, plan);
      if (escalated !== undefined) {
        this.relay.nudge();
        return escalated;
      }
    }
    return undefined;
  }

  // Another instance may hold the row (skipped) or have escalated it, or a worker accepted it, since
  // the candidate was read: the locked re-read with the same conditions decides.
  private async escalateIfStillOverdue(
    deadlinesJson: string,
    candidate: { referral_id: string; subject_id: string },
    plan: (overdue: OverdueReferral) => ReferralEscalation,
  ): Promise<string | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await lockSubject(manager, candidate.subject_id);
      const rows = (await manager.query(
        `SELECT ${COLUMNS}, received_at FROM referrals
          WHERE referral_id = $2 AND ${OVERDUE}
          FOR UPDATE SKIP LOCKED`,
        [deadlinesJson, candidate.referral_id],
      )) as (ReferralRow & { received_at: Date })[];
      const row = rows[0];
      if (row === undefined) return undefined;
      const state = toState(row);
      const { historyEvent, outbox } = plan({ state, receivedAt: row.received_at });
      await manager.query(
        `UPDATE referrals SET accept_escalated_at = $2, updated_at = now(), version = version + 1
          WHERE referral_id = $1`,
        [state.referralId, historyEvent.at],
      );
      await manager.query(
        `INSERT INTO referral_history (referral_id, event_type, from_status, to_status, actor_partner_id,
                                       event, caused_by_event_id, published_event_id, occurred_at)
         VALUES ($1, $2, $3, NULL, NULL, $4::jsonb, NULL, $5, $6)`,
        [
          state.referralId,
          historyEvent.type,
          state.status,
          JSON.stringify(historyEvent),
          outbox[0]?.eventId ?? null,
          historyEvent.at,
        ],
      );
      await appendToOutbox(manager, outbox);
      return state.referralId;
    });
  }
}

async function lockSubject(manager: EntityManager, subjectId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SUBJECT_LOCK_NAMESPACE, subjectId]);
}

// assigned_worker_id, assigned_worker, status, urgency, reason_code, close_result, outcome — in that order.
function statusColumns(state: Existing): unknown[] {
  const worker = state.assignedWorker;
  const common = [
    worker?.workerId ?? null,
    worker === undefined ? null : JSON.stringify(worker),
    state.status,
    state.urgency,
  ];
  switch (state.status) {
    case 'declined':
    case 'withdrawn':
      return [...common, state.reasonCode, null, null];
    case 'closed': {
      const { result, reasonCode, ...details } = state.outcome;
      return [...common, reasonCode, result, JSON.stringify(details)];
    }
    case 'created':
    case 'delivered':
    case 'accepted':
    case 'in-progress':
      return [...common, null, null, null];
    default: {
      const unknown: never = state;
      throw new Error(`unknown referral status ${JSON.stringify(unknown)}`);
    }
  }
}

async function insertHistory(
  manager: EntityManager,
  referralId: string,
  history: readonly RecordedEvent[],
  causedByEventId?: string,
): Promise<void> {
  for (const { event, fromStatus, publishedEventId } of history) {
    await manager.query(
      `INSERT INTO referral_history (referral_id, event_type, from_status, to_status, actor_partner_id,
                                     event, caused_by_event_id, published_event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [
        referralId,
        event.type,
        fromStatus ?? null,
        statusAfter(event) ?? null,
        'actor' in event ? event.actor.partnerId : null,
        JSON.stringify(event),
        causedByEventId ?? null,
        publishedEventId ?? null,
        event.at,
      ],
    );
  }
}

function toState(row: ReferralRow): Existing {
  const facts = {
    referralId: row.referral_id,
    subjectId: row.subject_id,
    originator: row.originator,
    receiver: row.receiver,
    ...(row.assigned_worker === null ? {} : { assignedWorker: row.assigned_worker }),
    urgency: row.urgency,
    createdAt: row.referral_created_at.toISOString(),
  };
  switch (row.status) {
    case 'declined':
    case 'withdrawn':
      return { ...facts, status: row.status, reasonCode: row.reason_code as ReferralReasonCode };
    case 'closed':
      return {
        ...facts,
        status: 'closed',
        outcome: {
          ...(row.outcome ?? {}),
          result: row.close_result as ReferralOutcome['result'],
          reasonCode: row.reason_code as ReferralReasonCode,
        },
      };
    case 'created':
    case 'delivered':
    case 'accepted':
    case 'in-progress':
      return { ...facts, status: row.status };
    default: {
      const unknown: never = row.status;
      throw new Error(`unknown referral status in the database: ${String(unknown)}`);
    }
  }
}
