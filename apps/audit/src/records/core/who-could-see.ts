/**
 * "Who could see field X of subject Y at time T": from the disclosure
 * records of the subject up to T, the partners that received that path, an
 * ancestor of it (the whole object) or a descendant (a part of it), as it
 * was or transformed; and, from the access records, the people at those
 * partners who opened the subject's records after the partner received it.
 *
 * Pure: no Nest, no I/O. The adapter reads the rows; this folds them.
 */

/** How two JSON pointers relate: the same field, or one inside the other. */
export type PathRelation = 'same' | 'ancestor' | 'descendant';

/**
 * How `recorded` relates to the asked `path`: `ancestor` when the record
 * names a containing object (it disclosed the field with everything else in
 * it), `descendant` when it names a part of the field; undefined otherwise.
 * Segment-wise: `/subject/name` is not inside `/subject/na`.
 */
export function pathRelation(path: string, recorded: string): PathRelation | undefined {
  if (recorded === path) return 'same';
  if (path.startsWith(`${recorded}/`)) return 'ancestor';
  if (recorded.startsWith(`${path}/`)) return 'descendant';
  return undefined;
}

/** Transformations after which the recipient holds nothing of the field. */
const NOTHING_RECEIVED = new Set(['drop', 'nullify']);

/** One path of one disclosure record that relates to the asked path (the adapter's row). */
export interface PathDisclosureRow {
  recordId: string;
  time: string | null;
  partnerId: string | null;
  sector: string | null;
  eventId: string | null;
  /** The recorded path. */
  path: string;
  /** `none` when disclosed unchanged; else the withheld entry's transformation. */
  transformation: string;
  policyId: string | null;
  policyVersion: string | null;
  consentIds: string[];
  breakGlass: boolean;
}

/** One partner's receipt of one path, in one form, over time. */
export interface PartnerReceipt {
  partnerId: string;
  sector: string | null;
  path: string;
  relation: PathRelation;
  /** `as-is` when delivered unchanged; `transformed` when masked, hashed, generalised or scrubbed. */
  received: 'as-is' | 'transformed';
  transformation: string;
  firstDisclosedAt: string | null;
  lastDisclosedAt: string | null;
  disclosures: number;
  /** Up to {@link MAX_EVENT_IDS} source events, first ones first. */
  eventIds: string[];
  policyVersions: string[];
  consentIds: string[];
  breakGlass: boolean;
}

/** A person (token subject) at a receiving partner who opened the subject's records. */
export interface UserAccess {
  partnerId: string;
  subject: string;
  firstAccessAt: string | null;
  lastAccessAt: string | null;
  accesses: number;
}

export interface WhoCouldSeeAnswer {
  subjectId: string;
  path: string;
  at: string;
  partners: PartnerReceipt[];
  users: UserAccess[];
}

export const MAX_EVENT_IDS = 20;

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return a < b ? a : b;
}

function addUnique(list: string[], values: readonly (string | null)[], max = Infinity): void {
  for (const value of values)
    if (value !== null && !list.includes(value) && list.length < max) list.push(value);
}

/**
 * Folds disclosure rows (in listing order) into one receipt per partner,
 * recorded path and transformation. Rows whose path does not relate to
 * `path`, and dropped or nulled paths (nothing was received), are left out.
 */
export function partnerReceipts(path: string, rows: readonly PathDisclosureRow[]): PartnerReceipt[] {
  const receipts = new Map<string, PartnerReceipt>();
  for (const row of rows) {
    const relation = pathRelation(path, row.path);
    if (relation === undefined || row.partnerId === null || NOTHING_RECEIVED.has(row.transformation))
      continue;
    const key = JSON.stringify([row.partnerId, row.path, row.transformation]);
    let receipt = receipts.get(key);
    if (receipt === undefined) {
      receipt = {
        partnerId: row.partnerId,
        sector: row.sector,
        path: row.path,
        relation,
        received: row.transformation === 'none' ? 'as-is' : 'transformed',
        transformation: row.transformation,
        firstDisclosedAt: row.time,
        lastDisclosedAt: row.time,
        disclosures: 0,
        eventIds: [],
        policyVersions: [],
        consentIds: [],
        breakGlass: false,
      };
      receipts.set(key, receipt);
    }
    receipt.disclosures += 1;
    receipt.firstDisclosedAt = earlier(receipt.firstDisclosedAt, row.time);
    receipt.lastDisclosedAt = later(receipt.lastDisclosedAt, row.time);
    addUnique(receipt.eventIds, [row.eventId], MAX_EVENT_IDS);
    addUnique(receipt.policyVersions, [row.policyVersion]);
    addUnique(receipt.consentIds, row.consentIds);
    receipt.breakGlass ||= row.breakGlass;
  }
  return [...receipts.values()].sort(
    (a, b) =>
      a.partnerId.localeCompare(b.partnerId) ||
      a.path.localeCompare(b.path) ||
      a.transformation.localeCompare(b.transformation),
  );
}

/** When each receiving partner first received the path: access records before that do not count. */
export function firstReceipts(
  receipts: readonly PartnerReceipt[],
): { partnerId: string; since: string | null }[] {
  const first = new Map<string, string | null>();
  for (const r of receipts)
    first.set(
      r.partnerId,
      first.has(r.partnerId)
        ? earlier(first.get(r.partnerId) ?? null, r.firstDisclosedAt)
        : r.firstDisclosedAt,
    );
  return [...first].map(([partnerId, since]) => ({ partnerId, since }));
}
