/**
 * The opaque cursor of `GET /v1/audit/records`: the position of the last
 * record of a page in the listing order (record time, then partition, then
 * sequence). Positions never move: a row's time and chain place are fixed
 * when it is inserted, and rows are never updated or deleted. So a walk
 * from page to page meets every row that existed when it began exactly
 * once, whatever is inserted meanwhile (a row inserted behind the cursor is
 * not met; one inserted ahead of it is).
 *
 * Pure: no Nest, no I/O.
 */
import { summarizeRecord, type ViewableRow } from '../../chain';
import { InvalidParameterError } from './invalid-parameter.error';

export interface RecordCursor {
  /** The record time (ISO 8601 UTC, milliseconds), or null for a record without one (sorted first). */
  time: string | null;
  partition: number;
  sequence: number;
}

const VERSION = 1;
const MAX_CURSOR_LENGTH = 200;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor as a URL-safe string. */
export function encodeCursor(cursor: RecordCursor): string {
  return Buffer.from(
    JSON.stringify([VERSION, cursor.time, cursor.partition, cursor.sequence]),
    'utf8',
  ).toString('base64url');
}

/** @throws {InvalidParameterError} for anything but a cursor this API handed out. */
export function decodeCursor(text: string): RecordCursor {
  const refuse = () =>
    new InvalidParameterError(
      'cursor',
      'is not a cursor from a previous page; leave it out to start at the beginning',
    );
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== 4 || value[0] !== VERSION) throw refuse();
  const [, time, partition, sequence] = value as unknown[];
  const timeOk =
    time === null || (typeof time === 'string' && ISO_MS.test(time) && Number.isFinite(Date.parse(time)));
  const placeOk =
    Number.isSafeInteger(partition) &&
    (partition as number) >= 0 &&
    (partition as number) <= 2_147_483_647 &&
    Number.isSafeInteger(sequence) &&
    (sequence as number) >= 1;
  if (!timeOk || !placeOk) throw refuse();
  return { time: time as string | null, partition: partition as number, sequence: sequence as number };
}

/** The cursor that continues right after `row` (its time column is derived from its record the same way). */
export function cursorAfter(row: ViewableRow): RecordCursor {
  return { time: summarizeRecord(row.record).time, partition: row.partition, sequence: row.sequence };
}
