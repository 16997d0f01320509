/**
 * What a partner and an auditor would see: a read-committed consumer of the
 * canonical log and every delivery topic, and the rows of the audit app's
 * table. Only headers are read from Kafka (no body is parsed), so the
 * observer costs little next to what it observes.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { headerText, type TopicRegistry } from '@beacon/messaging';
import type { AuditRow, SeenDelivery } from '../chaos/ledger';

export interface ObserverOptions {
  /**
   * Called per delivery with its ce_time (the partner's publish time), its
   * Kafka timestamp (when redaction produced it) and when it was read, in ms.
   */
  onDelivery?: (sentAtMs: number, producedAtMs: number, readAtMs: number) => void;
}

/** Follows the canonical log and the delivery topics of a namespace from the beginning. */
export class FlowObserver {
  readonly accepted: string[] = [];
  readonly deliveries: SeenDelivery[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topics: TopicRegistry,
    private readonly partnerIds: readonly string[],
    private readonly options: ObserverOptions = {},
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topics.namespace}.observer-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 60_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      // The observer must survive a broker restart as the apps do.
      retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.topics.events, ...this.partnerIds.map((id) => this.topics.deliver(id))],
      fromBeginning: true,
    });
    const prefix = this.topics.deliverPrefix;
    await this.consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        const readAt = Date.now();
        if (batch.topic === this.topics.events) {
          for (const m of batch.messages) this.accepted.push(headerText(m.headers, 'ce_id') ?? '');
          return;
        }
        const partnerId = batch.topic.slice(prefix.length);
        for (const m of batch.messages) {
          this.deliveries.push({
            id: headerText(m.headers, 'ce_id') ?? '',
            partnerId,
            eventId: headerText(m.headers, 'ce_causationid') ?? '',
            disclosureId: headerText(m.headers, 'ce_disclosureid') ?? '',
          });
          if (this.options.onDelivery) {
            const sentAt = Date.parse(headerText(m.headers, 'ce_time') ?? '');
            if (Number.isFinite(sentAt)) this.options.onDelivery(sentAt, Number(m.timestamp), readAt);
          }
        }
      },
    });
  }

  /** Resolves once `done()` holds (checked every 200 ms), or rejects after `timeoutMs`. */
  async waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** The audit app's table (`<schema>.audit_records`), read as the database owner. */
export class AuditTable {
  // One connection kept between polls (a new one is a new Postgres backend each time);
  // an idle pool lets the process exit.
  private readonly pool: Pool;

  constructor(
    databaseUrl: string,
    private readonly schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`"${schema}" is not a schema name`);
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, allowExitOnIdle: true });
    // An idle connection ended by the server (Postgres stopping at the end of a run) is
    // no failure of the run; the next query opens a new one.
    this.pool.on('error', () => undefined);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<T>(sql: string): Promise<T[]> {
    try {
      return (await this.pool.query(sql)).rows as T[];
    } catch (error) {
      // Before the audit app's migration ran there is no table yet: nothing is audited.
      if ((error as { code?: string }).code === '42P01') return [];
      throw error;
    }
  }

  /**
   * Rows in the trail. Each partition's chain numbers its rows 1, 2, 3… without
   * gaps (the verifier reports a gap as a break), so the sum of the partitions'
   * last sequence numbers is the row count: one primary-key probe per partition
   * instead of a pass over every (wide) row on each poll, which took a sixth of
   * Postgres's time in the pipeline run.
   */
  async count(): Promise<number> {
    const table = `"${this.schema}".audit_records`;
    // The partitions, by a loose scan of the primary key (partition, sequence).
    const rows = await this.query<{ n: string }>(`
      WITH RECURSIVE p AS (
        (SELECT partition FROM ${table} ORDER BY partition LIMIT 1)
        UNION ALL
        SELECT (SELECT r.partition FROM ${table} r WHERE r.partition > p.partition ORDER BY r.partition LIMIT 1)
          FROM p WHERE p.partition IS NOT NULL
      )
      SELECT coalesce(sum((SELECT max(sequence) FROM ${table} r WHERE r.partition = p.partition)), 0) AS n
        FROM p WHERE p.partition IS NOT NULL`);
    return Number(rows[0]?.n ?? 0);
  }

  async rows(): Promise<AuditRow[]> {
    return this.query<AuditRow>(
      `SELECT record_id AS "recordId",
              record->'data'->'event'->>'id' AS "eventId",
              record->'data'->'recipient'->>'partnerId' AS "partnerId",
              record->'data'->'delivery'->>'id' AS "deliveryId"
         FROM "${this.schema}".audit_records`,
    );
  }
}
