import type { JsonValue } from './canonical-json';
import type { ChainLink } from './chain-link';
import { summarizeRecord, type JsonObject, type WithheldPath } from './record-summary';

/**
 * One audit record as the auditor API returns it (`GET /v1/audit/records`,
 * the exports, who-could-see and explain build on it). Derived from the
 * hashed record and its place in the chain alone, so an export's record
 * lines can be rebuilt and checked offline. It names paths, never values.
 */
export interface AuditRecordView {
  /** The record's CloudEvents id: unique in the trail. */
  recordId: string;
  /** `org.beacon.disclosure.recorded.v1`, `org.beacon.access.recorded.v1`, or another type as read. */
  recordType: string | null;
  /** The record's time (ISO 8601 UTC, milliseconds). */
  time: string | null;
  /**
   * Who received (a disclosure: the recipient partner) or who acted (an
   * access: the partner and the token's subject, a person or a system).
   */
  actor: { partnerId: string | null; subject: string | null; sector: string | null };
  /** `deliver` for a disclosure; the access record's action (`read`, `export`, …). */
  action: string | null;
  /**
   * What the record is about. For a disclosure: the source event (`id`,
   * `type`) and its place on the canonical log; for an access: the resource
   * type and id. `subjectId` names the person whose data it is.
   */
  resource: {
    type: string | null;
    id: string | null;
    subjectId: string | null;
    topic: string | null;
    partition: number | null;
    offset: string | null;
  };
  /** `allowed` or `denied` (a disclosure is a delivery that was allowed), and the access record's reason. */
  outcome: string | null;
  reason: string | null;
  purpose: string | null;
  policy: { id: string | null; version: string | null };
  consentIds: string[];
  /** JSON pointers delivered unchanged. */
  disclosedPaths: string[];
  /** JSON pointers not delivered as they were: what was done instead, and why. */
  withheld: WithheldPath[];
  /** Disclosure records: for each path, the rule, grant or consent that decided it (records that carry it). */
  decidedBy: { path: string; by: string }[];
  breakGlass: { used: boolean; reason: string | null };
  /** The caller's address and user agent, as the gateway saw them (access records). */
  client: { address: string | null; userAgent: string | null };
  correlationId: string | null;
  /** Where the record sits in its chain, and the hashes that tie it there. */
  chain: { partition: number; sequence: number; prevHash: string; hash: string };
}

/** A stored row as the view needs it: the chain link (with its hash) and nothing else. */
export type ViewableRow = ChainLink & { hash: string };

function objectAt(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * What decided each path: from `rules` (each decision with its paths, what
 * redaction writes now) or `decidedBy` (one entry per path, the form before).
 */
function decisionsOf(data: { [key: string]: JsonValue }): { path: string; by: string }[] {
  const perPath = Array.isArray(data.decidedBy)
    ? data.decidedBy.flatMap((entry) => {
        const decision = objectAt(entry);
        const path = text(decision?.path);
        const by = text(decision?.by);
        return path !== null && by !== null ? [{ path, by }] : [];
      })
    : [];
  const grouped = Array.isArray(data.rules)
    ? data.rules.flatMap((entry) => {
        const rule = objectAt(entry);
        const by = text(rule?.by);
        const paths = Array.isArray(rule?.paths) ? rule.paths : [];
        return by === null
          ? []
          : paths.flatMap((p) => {
              const path = text(p);
              return path === null ? [] : [{ path, by }];
            });
      })
    : [];
  return [...perPath, ...grouped];
}

/** The API's view of a stored row, from the row alone. Never throws. */
export function auditRecordView(row: ViewableRow): AuditRecordView {
  const summary = summarizeRecord(row.record);
  const data = objectAt(row.record.data) ?? {};
  const principal = objectAt(data.principal) ?? {};
  const recipient = objectAt(data.recipient) ?? {};
  const client = objectAt(data.client) ?? {};
  const breakGlass = objectAt(data.breakGlass);
  return {
    recordId: row.recordId,
    recordType: summary.recordType,
    time: summary.time,
    actor: {
      partnerId: summary.actor,
      subject: summary.actorSub,
      sector: text(recipient.sector) ?? text(principal.sector),
    },
    action: summary.action,
    resource: {
      type: summary.resourceType,
      id: summary.resourceId,
      subjectId: summary.subjectId,
      topic: summary.resourceTopic,
      partition: summary.resourcePartition,
      offset: summary.resourceOffset,
    },
    outcome: summary.outcome,
    reason: text(data.reason),
    purpose: summary.purpose,
    policy: { id: summary.policyId, version: summary.policyVersion },
    consentIds: summary.consentIds,
    disclosedPaths: summary.disclosedPaths,
    withheld: summary.withheld,
    decidedBy: decisionsOf(data),
    breakGlass: { used: summary.breakGlass, reason: text(breakGlass?.reason) },
    client: { address: text(client.address), userAgent: text(client.userAgent) },
    correlationId: summary.correlationId,
    chain: { partition: row.partition, sequence: row.sequence, prevHash: row.prevHash, hash: row.hash },
  };
}
