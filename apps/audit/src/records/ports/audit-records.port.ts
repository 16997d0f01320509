import type { SignedCheckpoint, ViewableRow } from '../../chain';
import type { PathDisclosureRow, UserAccess } from '../core/who-could-see';
import type { RecordFilters, RecordsPageRequest } from '../core/record-filters';

/**
 * One consistent view of the trail for an export: the rows and the
 * checkpoints read from it agree (rows appended after it opened are not in
 * it). Rows are read in batches from a cursor, never all at once. Close it.
 */
export interface RecordsSnapshot {
  rows(): AsyncIterable<ViewableRow>;
  /** Per partition, the first checkpoint at or after `sequence` (none when the head is not signed yet). */
  checkpointsCovering(heads: readonly { partition: number; sequence: number }[]): Promise<SignedCheckpoint[]>;
  close(): Promise<void>;
}

/**
 * Reads the audit trail for auditors. SELECT only: nothing here writes, so
 * the app's runtime role needs no more than it needs to append.
 */
export interface AuditRecordsReader {
  /** The rows of one page, in listing order: up to `limit + 1` (one more tells that a next page exists). */
  page(request: RecordsPageRequest): Promise<ViewableRow[]>;

  /** Opens a snapshot that streams every row matching `filters`, in listing order. */
  openExport(filters: RecordFilters): Promise<RecordsSnapshot>;

  /**
   * Every path of the subject's disclosure records up to `at` that is
   * `path`, inside it or around it, one row per record and path, in listing order.
   */
  pathDisclosures(subjectId: string, path: string, at: string): Promise<PathDisclosureRow[]>;

  /**
   * Allowed access records about the subject up to `at`, by the people of
   * the given partners, each counted from when that partner first received the path.
   */
  userAccesses(
    subjectId: string,
    at: string,
    partners: readonly { partnerId: string; since: string | null }[],
  ): Promise<UserAccess[]>;

  /** The disclosure records of `eventId` delivered to `partnerId`, in listing order. */
  deliveries(eventId: string, partnerId: string): Promise<ViewableRow[]>;
}
