import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type {
  AppendPlan,
  ChainHead,
  ChainRow,
  ChainState,
  JsonObject,
  RecordSummary,
  SignedCheckpoint,
  WithheldPath,
} from '../../chain';
import {
  ChainRaceError,
  type AuditLedger,
  type HeadState,
  type LedgerSnapshot,
} from '../ports/audit-ledger.port';

/** Rows read per query while walking a snapshot. */
const PAGE_SIZE = 500;

interface RowRecord {
  partition: number;
  sequence: string;
  prev_hash: string;
  hash: string;
  record_id: string;
  record_type: string | null;
  time: Date | null;
  actor: string | null;
  actor_sub: string | null;
  action: string | null;
  resource_type: string | null;
  resource_id: string | null;
  subject_id: string | null;
  resource_topic: string | null;
  resource_partition: number | null;
  resource_offset: string | null;
  outcome: string | null;
  purpose: string | null;
  policy_id: string | null;
  policy_version: string | null;
  consent_ids: string[];
  disclosed_paths: string[];
  withheld: WithheldPath[];
  break_glass: boolean;
  correlation_id: string | null;
  record: JsonObject;
}

interface CheckpointRecord {
  partition: number;
  sequence: string;
  head_hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

const ROW_COLUMNS = `partition, sequence, prev_hash, hash, record_id, record_type, time, actor, actor_sub, action,
  resource_type, resource_id, subject_id, resource_topic, resource_partition, resource_offset, outcome, purpose,
  policy_id, policy_version, consent_ids, disclosed_paths, withheld, break_glass, correlation_id, record`;

// The column types jsonb_to_recordset reads each row's JSON into (the whole batch is one parameter).
const ROW_TYPES = `partition integer, sequence bigint, prev_hash text, hash text, record_id text, record_type text,
  time timestamptz, actor text, actor_sub text, action text, resource_type text, resource_id text,
  subject_id text, resource_topic text, resource_partition integer, resource_offset text, outcome text,
  purpose text, policy_id text, policy_version text, consent_ids text[], disclosed_paths text[],
  withheld jsonb, break_glass boolean, correlation_id text, record jsonb`;

const CHECKPOINT_COLUMNS = 'partition, sequence, head_hash, signed_at, key_id, signature';

function toRowRecord(
  row: ChainRow,
): Omit<RowRecord, 'sequence' | 'time'> & { sequence: number; time: string | null } {
  const s = row.summary;
  return {
    partition: row.partition,
    sequence: row.sequence,
    prev_hash: row.prevHash,
    hash: row.hash,
    record_id: row.recordId,
    record_type: s.recordType,
    time: s.time,
    actor: s.actor,
    actor_sub: s.actorSub,
    action: s.action,
    resource_type: s.resourceType,
    resource_id: s.resourceId,
    subject_id: s.subjectId,
    resource_topic: s.resourceTopic,
    resource_partition: s.resourcePartition,
    resource_offset: s.resourceOffset,
    outcome: s.outcome,
    purpose: s.purpose,
    policy_id: s.policyId,
    policy_version: s.policyVersion,
    consent_ids: s.consentIds,
    disclosed_paths: s.disclosedPaths,
    withheld: s.withheld,
    break_glass: s.breakGlass,
    correlation_id: s.correlationId,
    record: row.record,
  };
}

function fromRowRecord(r: RowRecord): ChainRow {
  const summary: RecordSummary = {
    recordType: r.record_type,
    time: r.time === null ? null : r.time.toISOString(),
    actor: r.actor,
    actorSub: r.actor_sub,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    subjectId: r.subject_id,
    resourceTopic: r.resource_topic,
    resourcePartition: r.resource_partition,
    resourceOffset: r.resource_offset,
    outcome: r.outcome,
    purpose: r.purpose,
    policyId: r.policy_id,
    policyVersion: r.policy_version,
    consentIds: r.consent_ids,
    disclosedPaths: r.disclosed_paths,
    withheld: r.withheld,
    breakGlass: r.break_glass,
    correlationId: r.correlation_id,
  };
  return {
    partition: r.partition,
    // bigint arrives as a string; chains stay far below 2^53 rows.
    sequence: Number(r.sequence),
    prevHash: r.prev_hash,
    hash: r.hash,
    recordId: r.record_id,
    record: r.record,
    summary,
  };
}

function fromCheckpointRecord(r: CheckpointRecord): SignedCheckpoint {
  return {
    partition: r.partition,
    sequence: Number(r.sequence),
    headHash: r.head_hash,
    // Signed with millisecond precision, which timestamptz keeps exactly.
    signedAt: r.signed_at.toISOString(),
    keyId: r.key_id,
    signature: r.signature,
  };
}

/**
 * Serialises writers of one partition's chain for the rest of the
 * transaction. Advisory locks are database-wide, so the first key is the
 * schema's (suites and deployments sharing a database keep apart), the
 * second the partition.
 */
async function lockChain(manager: EntityManager, partition: number): Promise<void> {
  await manager.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_records'), $1)", [
    partition,
  ]);
}

async function headState(manager: EntityManager, partition: number): Promise<HeadState> {
  const heads = (await manager.query(
    'SELECT sequence, hash FROM audit_records WHERE partition = $1 ORDER BY sequence DESC LIMIT 1',
    [partition],
  )) as { sequence: string; hash: string }[];
  const checkpoints = (await manager.query(
    'SELECT COALESCE(MAX(sequence), 0) AS sequence FROM audit_checkpoints WHERE partition = $1',
    [partition],
  )) as { sequence: string }[];
  const head: ChainHead | undefined =
    heads[0] === undefined ? undefined : { sequence: Number(heads[0].sequence), hash: heads[0].hash };
  return { partition, head, lastCheckpointSequence: Number(checkpoints[0]?.sequence ?? 0) };
}

async function insertCheckpoints(
  manager: EntityManager,
  checkpoints: readonly SignedCheckpoint[],
): Promise<void> {
  if (checkpoints.length === 0) return;
  // One statement for all of a batch's checkpoints (a large batch makes dozens), one array per column.
  // Two instances may sign the same head during a rebalance; the first one stored stands.
  await manager.query(
    `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS})
     SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
     ON CONFLICT (partition, sequence) DO NOTHING`,
    [
      checkpoints.map((c) => c.partition),
      checkpoints.map((c) => c.sequence),
      checkpoints.map((c) => c.headHash),
      checkpoints.map((c) => c.signedAt),
      checkpoints.map((c) => c.keyId),
      checkpoints.map((c) => c.signature),
    ],
  );
}

/**
 * The {@link AuditLedger} in the audit app's Postgres schema (tables
 * `audit_records` and `audit_checkpoints`, unqualified: the connection's
 * search_path names the schema). The tables refuse UPDATE, DELETE and
 * TRUNCATE, so this adapter only ever inserts and reads.
 */
@Injectable()
export class TypeOrmAuditLedger implements AuditLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(
    partition: number,
    recordIds: readonly string[],
    plan: (state: ChainState) => AppendPlan,
  ): Promise<AppendPlan> {
    return this.dataSource.transaction(async (manager) => {
      await lockChain(manager, partition);
      const state = await headState(manager, partition);
      const stored = (await manager.query(
        'SELECT record_id, record FROM audit_records WHERE record_id = ANY($1::text[])',
        [[...new Set(recordIds)]],
      )) as { record_id: string; record: JsonObject }[];
      const decided = plan({ ...state, stored: new Map(stored.map((r) => [r.record_id, r.record])) });
      if (decided.rows.length > 0) {
        // One statement per batch whatever its size: the rows travel as one JSON parameter, read as
        // jsonb. With records as redaction writes them (about 6 kB, tens of paths) that took about
        // 490 µs per row from the call to its answer where json_to_recordset took 800 and one array
        // parameter per column 710: json is lexed again for every field it hands out (docs/audit.md,
        // "Figures"). With small hand-made records json had been the faster.
        const inserted = (await manager.query(
          `INSERT INTO audit_records (${ROW_COLUMNS})
           SELECT ${ROW_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r(${ROW_TYPES})
           ON CONFLICT (record_id) DO NOTHING
           RETURNING record_id`,
          [JSON.stringify(decided.rows.map(toRowRecord))],
        )) as { record_id: string }[];
        if (inserted.length !== decided.rows.length) {
          // A skipped row would leave a gap in the sequence and a dangling prev_hash: roll back instead.
          const written = new Set(inserted.map((r) => r.record_id));
          throw new ChainRaceError(decided.rows.map((r) => r.recordId).filter((id) => !written.has(id)));
        }
      }
      await insertCheckpoints(manager, decided.checkpoints);
      return decided;
    });
  }

  async partitions(): Promise<number[]> {
    // A loose index scan over the primary key: one probe per partition instead of a pass over every row.
    const rows = (await this.dataSource.query(`
      WITH RECURSIVE p AS (
        (SELECT partition FROM audit_records ORDER BY partition LIMIT 1)
        UNION ALL
        SELECT (SELECT r.partition FROM audit_records r WHERE r.partition > p.partition ORDER BY r.partition LIMIT 1)
          FROM p WHERE p.partition IS NOT NULL
      )
      SELECT partition FROM p WHERE partition IS NOT NULL`)) as { partition: number }[];
    return rows.map((r) => r.partition);
  }

  async checkpoint(
    partition: number,
    plan: (state: HeadState) => SignedCheckpoint | undefined,
  ): Promise<SignedCheckpoint | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await lockChain(manager, partition);
      const checkpoint = plan(await headState(manager, partition));
      if (checkpoint !== undefined) await insertCheckpoints(manager, [checkpoint]);
      return checkpoint;
    });
  }

  async openSnapshot(): Promise<LedgerSnapshot> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot for every statement that follows: pages of rows and the checkpoints agree.
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new TypeOrmLedgerSnapshot(runner);
  }
}

class TypeOrmLedgerSnapshot implements LedgerSnapshot {
  private closed = false;

  constructor(private readonly runner: QueryRunner) {}

  async checkpoints(): Promise<SignedCheckpoint[]> {
    const rows = (await this.runner.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY partition, sequence`,
    )) as CheckpointRecord[];
    return rows.map(fromCheckpointRecord);
  }

  async *rows(): AsyncIterable<ChainRow> {
    let after: [number, string] = [-1, '0'];
    for (;;) {
      // Keyset paging on the primary key: each page starts where the last one ended.
      const page = (await this.runner.query(
        `SELECT ${ROW_COLUMNS} FROM audit_records
          WHERE (partition, sequence) > ($1::integer, $2::bigint)
          ORDER BY partition, sequence
          LIMIT ${PAGE_SIZE}`,
        after,
      )) as RowRecord[];
      for (const row of page) yield fromRowRecord(row);
      if (page.length < PAGE_SIZE) return;
      const last = page[page.length - 1];
      after = [last.partition, last.sequence];
    }
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
