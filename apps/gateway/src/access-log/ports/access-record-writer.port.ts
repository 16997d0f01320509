import type { CloudEvent } from '@beacon/messaging';

/**
 * Appends access records to the audit log. `write` resolves only once the
 * record is durably acknowledged (by every in-sync replica), and rejects
 * when that cannot be had in time: the caller then withholds the answer.
 */
export interface AccessRecordWriter {
  write(record: CloudEvent): Promise<void>;
}

/** Why an access record could not be written; the answer it guards is withheld. */
export class AccessRecordUnwritableError extends Error {
  override readonly name = 'AccessRecordUnwritableError';
}
