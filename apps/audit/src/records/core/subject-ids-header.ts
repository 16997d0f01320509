/**
 * The `x-beacon-subject-ids` response header: the subjects whose records a
 * response returns, so the gateway's access recorder can name them without
 * reading the body. Bounded: at most {@link MAX_SUBJECT_IDS} ids, each of a
 * header-safe form; `x-beacon-subject-ids-truncated: true` says some were left out.
 *
 * Pure: no Nest, no I/O.
 */
export const SUBJECT_IDS_HEADER = 'x-beacon-subject-ids';
export const SUBJECT_IDS_TRUNCATED_HEADER = 'x-beacon-subject-ids-truncated';
export const MAX_SUBJECT_IDS = 50;

// Subject ids are UUIDs; anything else that could break a header (a comma, a newline) is not listed.
const HEADER_SAFE = /^[A-Za-z0-9._:@-]{1,100}$/;

export interface SubjectIdsHeader {
  /** Comma-separated, in first-seen order; empty when there is none. */
  value: string;
  /** True when ids were left out (too many, or not header-safe). */
  truncated: boolean;
}

export function subjectIdsHeader(ids: Iterable<string | null | undefined>): SubjectIdsHeader {
  const listed = new Set<string>();
  let truncated = false;
  for (const id of ids) {
    if (id === null || id === undefined || listed.has(id)) continue;
    if (!HEADER_SAFE.test(id) || listed.size >= MAX_SUBJECT_IDS) truncated = true;
    else listed.add(id);
  }
  return { value: [...listed].join(','), truncated };
}
