/**
 * The SQL of the auditor API's listings, built from checked filters. Every
 * value is a bind parameter (`$1`, `$2`…): no value given by a caller is
 * ever part of the SQL text, which is made only of the fixed fragments here.
 *
 * Pure: no Nest, no I/O.
 */
import type { RecordCursor } from './record-cursor';
import type { RecordFilters, RecordsPageRequest } from './record-filters';

/** A statement and its bind parameters, as `pg` and TypeORM's `query(text, values)` take them. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * The listing order: record time (rows without one first), then chain
 * position. The migration's indexes end with exactly this key.
 */
export function orderKey(alias?: string): string {
  return `COALESCE(${alias ? `${alias}.` : ''}time, '-infinity'::timestamptz)`;
}
export const ORDER_KEY = orderKey();
export const ORDER_BY = `${ORDER_KEY}, partition, sequence`;

/** What a listing reads of each row: the chain link, from which the view is built. */
export const VIEW_COLUMNS = 'partition, sequence, prev_hash, hash, record_id, record';

/** Collects bind parameters and hands out their placeholders. */
class Binder {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function conditions(filters: RecordFilters, after: RecordCursor | undefined, binder: Binder): string[] {
  const where: string[] = [];
  if (filters.subject !== undefined) where.push(`subject_id = ${binder.bind(filters.subject)}`);
  if (filters.partner !== undefined) where.push(`actor = ${binder.bind(filters.partner)}`);
  if (filters.actor !== undefined) where.push(`actor_sub = ${binder.bind(filters.actor)}`);
  if (filters.eventId !== undefined) where.push(`resource_id = ${binder.bind(filters.eventId)}`);
  if (filters.path !== undefined) {
    const path = binder.bind(filters.path);
    // Both sides are containment tests, which the GIN indexes on the two columns answer.
    where.push(
      `(disclosed_paths @> ARRAY[${path}::text] OR withheld @> jsonb_build_array(jsonb_build_object('path', ${path}::text)))`,
    );
  }
  if (filters.action !== undefined) where.push(`action = ${binder.bind(filters.action)}`);
  if (filters.outcome !== undefined) where.push(`outcome = ${binder.bind(filters.outcome)}`);
  if (filters.from !== undefined) where.push(`${ORDER_KEY} >= ${binder.bind(filters.from)}::timestamptz`);
  if (filters.to !== undefined) where.push(`${ORDER_KEY} < ${binder.bind(filters.to)}::timestamptz`);
  if (after !== undefined) {
    // A row comparison on the index's trailing columns: the page starts right after the cursor.
    where.push(
      `(${ORDER_BY}) > (COALESCE(${binder.bind(after.time)}::timestamptz, '-infinity'::timestamptz), ` +
        `${binder.bind(after.partition)}::integer, ${binder.bind(after.sequence)}::bigint)`,
    );
  }
  return where;
}

function whereClause(where: string[]): string {
  return where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
}

/** One page: `limit + 1` rows, so the caller knows whether another page follows. */
export function recordsPageQuery(request: RecordsPageRequest): SqlQuery {
  const binder = new Binder();
  const where = conditions(request.filters, request.after, binder);
  const limit = binder.bind(request.limit + 1);
  return {
    text: `SELECT ${VIEW_COLUMNS} FROM audit_records ${whereClause(where)} ORDER BY ${ORDER_BY} LIMIT ${limit}`,
    values: binder.values,
  };
}

/** The next batch of an export: like a page, from `after`, `batch` rows. */
export function recordsBatchQuery(
  filters: RecordFilters,
  after: RecordCursor | undefined,
  batch: number,
): SqlQuery {
  const binder = new Binder();
  const where = conditions(filters, after, binder);
  const limit = binder.bind(batch);
  return {
    text: `SELECT ${VIEW_COLUMNS} FROM audit_records ${whereClause(where)} ORDER BY ${ORDER_BY} LIMIT ${limit}`,
    values: binder.values,
  };
}
