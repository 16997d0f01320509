import type { DisclosureRetractedV1Data } from '@beacon/contracts';
import { encodeCloudEvent, type CloudEvent } from '@beacon/messaging';
import { BREAK_GLASS_PURPOSE, decide, isPurpose, type Grantee, type Purpose } from '@beacon/policy';
import {
  breakGlassOnRecord,
  categoriesOf,
  DISCLOSURE_TYPE,
  deliveryId,
  REDACTION_SOURCE,
  type LedgerEntry,
  type RedactionContext,
  type RedactionOutcome,
  type SourcePosition,
} from '../disclosure/redact-event';

export const CONSENT_REVOKED_TYPE = 'org.beacon.consent.revoked.v1';
export const RETRACTION_TYPE = 'org.beacon.disclosure.retracted.v1';

/** What a retraction reads of an `org.beacon.consent.revoked.v1` event. */
interface Revocation {
  consentId: string;
  subjectId: string;
  revokedAt: string;
  grantee?: Grantee;
}

function revocationOf(data: unknown): Revocation | undefined {
  const value = data as Partial<Revocation> | null;
  if (typeof value?.consentId !== 'string' || typeof value.revokedAt !== 'string') return undefined;
  if (typeof value.subjectId !== 'string') return undefined;
  return value as Revocation;
}

/** The consent id a revocation event withdraws, or undefined for any other event. */
export function revokedConsentId(event: CloudEvent): string | undefined {
  return event.type === CONSENT_REVOKED_TYPE ? revocationOf(event.data)?.consentId : undefined;
}

/** Whether a revocation (whole, or for one grantee) covers a partner that received data under the consent. */
function covers(grantee: Grantee | undefined, entry: LedgerEntry): boolean {
  if (grantee === undefined) return true;
  return grantee.kind === 'sector' ? grantee.sector === entry.sector : grantee.partnerId === entry.partnerId;
}

/**
 * The purpose a retraction is decided for: that of the deliveries it
 * retracts. `emergency` cannot be decided without a break-glass, and a
 * retraction widens nothing, so break-glass deliveries fall back to the
 * partner's other purposes, and to care coordination when they have none.
 */
function retractionPurpose(entries: readonly LedgerEntry[]): Purpose {
  const purposes = [...new Set(entries.map((e) => e.purpose))]
    .filter((p): p is Purpose => isPurpose(p) && p !== BREAK_GLASS_PURPOSE)
    .sort();
  return purposes[0] ?? 'care-coordination';
}

/**
 * Builds, for a consent revocation, one `org.beacon.disclosure.retracted.v1`
 * per partner the revocation covers that received data under the consent
 * (from the disclosure ledger), each with its disclosure record. They go
 * out in the same Kafka transaction as the revocation's offset.
 *
 * Ids derive from the revocation event and the partner, so a batch decided
 * again after a crash writes the same retraction, never a second one.
 * The retraction passes the engine like any delivery: a partner that may
 * not see the subject id gets the list of deliveries without it.
 */
export function retractDisclosures(
  event: CloudEvent,
  position: SourcePosition,
  ledger: readonly LedgerEntry[],
  ctx: RedactionContext,
): RedactionOutcome {
  // A retraction goes only to partners that received the deliveries it lists: it shows no new relationship.
  const outcome: RedactionOutcome = { deliveries: [], records: [], refused: [], ledger: [], deliveredTo: [] };
  const revocation = event.type === CONSENT_REVOKED_TYPE ? revocationOf(event.data) : undefined;
  if (revocation === undefined) return outcome;
  const byPartner = new Map<string, LedgerEntry[]>();
  const seen = new Set<string>();
  for (const entry of ledger) {
    // Subject ids are UUIDs: a partner may have written one in upper case.
    if (entry.consentId !== revocation.consentId) continue;
    if (entry.subjectId.toLowerCase() !== revocation.subjectId.toLowerCase()) continue;
    if (!covers(revocation.grantee, entry) || seen.has(`${entry.partnerId}\u0000${entry.deliveryId}`))
      continue;
    seen.add(`${entry.partnerId}\u0000${entry.deliveryId}`);
    const list = byPartner.get(entry.partnerId) ?? [];
    list.push(entry);
    byPartner.set(entry.partnerId, list);
  }
  if (byPartner.size === 0) return outcome;

  const categories = categoriesOf(RETRACTION_TYPE, ctx);
  const consents = ctx.consentsFor(event.subject);
  const decidedAt = ctx.now().toISOString();
  for (const partnerId of [...byPartner.keys()].sort()) {
    const entries = (byPartner.get(partnerId) ?? []).sort(
      (a, b) =>
        a.sourcePartition - b.sourcePartition ||
        Number(BigInt(a.sourceOffset) - BigInt(b.sourceOffset)) ||
        a.deliveryId.localeCompare(b.deliveryId),
    );
    const sector = entries[0].sector;
    const retractionId = deliveryId(`${event.id}#retraction`, event.source, partnerId);
    const recordId = deliveryId(`${event.id}#retraction-record`, event.source, partnerId);
    const data: DisclosureRetractedV1Data = {
      retractionId,
      retractedAt: decidedAt,
      consentId: revocation.consentId,
      revocation: {
        eventId: event.id,
        revokedAt: revocation.revokedAt,
        ...(revocation.grantee === undefined ? {} : { grantee: revocation.grantee }),
      },
      subjectId: revocation.subjectId,
      recipient: { partnerId, sector },
      deliveries: entries.map((e) => ({
        deliveryId: e.deliveryId,
        eventId: e.sourceEventId,
        eventType: e.sourceEventType,
      })),
    };
    const purpose = retractionPurpose(entries);
    const decision = decide({
      event: { id: retractionId, type: RETRACTION_TYPE, subject: event.subject, time: decidedAt, data },
      categories,
      recipient: { partnerId, sector },
      policy: ctx.policy,
      consents,
      purpose,
      decisionTime: decidedAt,
      hashKeys: ctx.hashKeys,
    });
    if (decision.outcome === 'refused') {
      outcome.refused.push({ partnerId, code: decision.refusal.code, message: decision.refusal.message });
      continue;
    }
    const { record } = decision;
    const topic = ctx.topics.deliver(partnerId);
    outcome.deliveries.push({
      topic,
      message: encodeCloudEvent({
        id: retractionId,
        source: REDACTION_SOURCE,
        type: RETRACTION_TYPE,
        specversion: '1.0',
        time: decidedAt,
        subject: decision.envelope.subject ?? retractionId,
        datacontenttype: 'application/json',
        dataschema: ctx.registry.dataschemaFor(RETRACTION_TYPE),
        ...(event.correlationid ? { correlationid: event.correlationid } : {}),
        causationid: event.id,
        extensions: {
          disclosureid: recordId,
          policyid: record.policy.id,
          policyversion: record.policy.version,
          purpose: record.purpose,
          consentids: record.consentIds.join(','),
          withheldpaths: JSON.stringify(record.withheld.map((w) => w.path)),
          breakglass: 'false',
        },
        data: decision.data,
      }),
    });
    outcome.records.push(
      encodeCloudEvent({
        id: recordId,
        source: REDACTION_SOURCE,
        type: DISCLOSURE_TYPE,
        specversion: '1.0',
        time: decidedAt,
        subject: event.subject,
        datacontenttype: 'application/json',
        dataschema: ctx.registry.dataschemaFor(DISCLOSURE_TYPE),
        causationid: event.id,
        ...(event.correlationid ? { correlationid: event.correlationid } : {}),
        data: {
          recordId,
          recordedAt: decidedAt,
          event: { id: event.id, type: event.type, source: event.source, time: event.time, ...position },
          subjectId: event.subject,
          recipient: { partnerId, sector },
          purpose: record.purpose,
          policy: { id: record.policy.id, version: record.policy.version },
          consentIds: [...record.consentIds],
          disclosedPaths: record.disclosed.map((d) => d.path),
          withheld: record.withheld.map((w) => ({
            path: w.path,
            reason: w.reason,
            transformation: w.transformation,
          })),
          breakGlass: breakGlassOnRecord(record.breakGlass),
          delivery: { topic, id: retractionId },
        },
      }),
    );
  }
  return outcome;
}
