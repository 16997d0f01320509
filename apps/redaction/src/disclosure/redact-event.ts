import { createHash } from 'node:crypto';
import type { SchemaRegistry } from '@beacon/contracts';
import { encodeCloudEvent, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import {
  BREAK_GLASS_PURPOSE,
  compileCategoryMap,
  decide,
  decidedBy,
  disclosingConsentIds,
  routeEvent,
  type BreakGlassRequest,
  type CompiledCategoryMap,
  type CompiledPolicy,
  type Consent,
  type DecisionRecord,
  type HashKeySource,
  type Partner,
  type RoutingContext,
} from '@beacon/policy';
import type { Message } from 'kafkajs';

export const DISCLOSURE_TYPE = 'org.beacon.disclosure.recorded.v1';
export const REDACTION_SOURCE = 'urn:beacon:service:redaction';
const REDISCLOSURE_NOTICE =
  'Disclosed by Beacon for the stated purpose only; do not pass it on without the subject’s consent or a legal duty.';

/** Where the source event sits on the canonical log. */
export interface SourcePosition {
  topic: string;
  partition: number;
  offset: string;
}

/** Everything a redaction depends on, loaded once or per batch by the adapter. */
export interface RedactionContext {
  registry: SchemaRegistry;
  topics: TopicRegistry;
  policy: CompiledPolicy;
  partners: readonly Partner[];
  consentsFor: (subjectId: string) => readonly Consent[];
  hashKeys: HashKeySource;
  now: () => Date;
  /** Category maps by event type, compiled once. */
  categoryCache?: Map<string, CompiledCategoryMap>;
  routingContext?: (event: CloudEvent) => RoutingContext;
  /**
   * The break-glass in force for this subject and partner at the decision
   * time, if any. Its deliveries are decided for the purpose `emergency`.
   */
  breakGlassFor?: (subjectId: string, partnerId: string) => BreakGlassRequest | undefined;
}

/**
 * One delivery disclosed under one consent: what the disclosure ledger keeps
 * so that a later revocation of that consent can name what to purge.
 */
export interface LedgerEntry {
  consentId: string;
  deliveryId: string;
  sourceEventId: string;
  sourceEventType: string;
  sourcePartition: number;
  sourceOffset: string;
  partnerId: string;
  sector: Partner['sector'];
  subjectId: string;
  purpose: string;
}

export interface RedactionOutcome {
  deliveries: { topic: string; message: Message }[];
  records: Message[];
  /** Recipients the engine refused to decide for (e.g. break-glass without a reason). */
  refused: { partnerId: string; code: string; message: string }[];
  /** The deliveries that disclosed something under a consent, one entry per consent. */
  ledger: LedgerEntry[];
  /** The partners that were delivered a copy of the event (they now hold a relationship with its subject). */
  deliveredTo: string[];
}

/** A stable delivery id: the same source event and recipient give the same id on every replay. */
export function deliveryId(sourceId: string, source: string, partnerId: string): string {
  const hex = createHash('sha256').update(`${source}\u0000${sourceId}\u0000${partnerId}`).digest('hex');
  // Laid out as a UUID (version 8, RFC 9562 custom) so schemas that expect one accept it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function categoriesOf(
  type: string,
  ctx: Pick<RedactionContext, 'registry' | 'categoryCache'>,
): CompiledCategoryMap {
  const cache = (ctx.categoryCache ??= new Map());
  let map = cache.get(type);
  if (!map) {
    map = compileCategoryMap(ctx.registry.categoryMap(type));
    cache.set(type, map);
  }
  return map;
}

/**
 * Decides one canonical event: routes it, and for each recipient builds the
 * redacted delivery and its disclosure record. The two are returned together
 * and must be written together (one Kafka transaction): no delivery without
 * its record, no record without its delivery.
 */
export function redactEvent(
  event: CloudEvent,
  position: SourcePosition,
  ctx: RedactionContext,
): RedactionOutcome {
  const outcome: RedactionOutcome = { deliveries: [], records: [], refused: [], ledger: [], deliveredTo: [] };
  if (!ctx.registry.has(event.type)) return outcome;
  const route = routeEvent(
    event,
    ctx.policy.document.routing,
    ctx.partners,
    ctx.routingContext?.(event) ?? {},
  );
  if (route.recipients.length === 0) return outcome;
  const categories = categoriesOf(event.type, ctx);
  const consents = ctx.consentsFor(event.subject);
  const decidedAt = ctx.now().toISOString();

  for (const recipient of route.recipients) {
    const decideWith = (breakGlass: BreakGlassRequest | undefined) =>
      decide({
        event: {
          id: event.id,
          type: event.type,
          subject: event.subject,
          time: event.time,
          source: event.source,
          data: event.data,
        },
        categories,
        recipient: { partnerId: recipient.partnerId, sector: recipient.sector },
        policy: ctx.policy,
        consents,
        // Break-glass is the purpose emergency (libs/policy); without it, the purpose routing gave.
        purpose: breakGlass === undefined ? recipient.purpose : BREAK_GLASS_PURPOSE,
        decisionTime: decidedAt,
        hashKeys: ctx.hashKeys,
        ...(breakGlass === undefined ? {} : { breakGlass }),
      });
    const breakGlass = ctx.breakGlassFor?.(event.subject, recipient.partnerId);
    let decision = decideWith(breakGlass);
    if (decision.outcome === 'refused' && breakGlass !== undefined) {
      // A stored grant the policy now refuses (changed roles, say) widens nothing: it is
      // reported, and the partner gets what it would get without it.
      outcome.refused.push({
        partnerId: recipient.partnerId,
        code: decision.refusal.code,
        message: decision.refusal.message,
      });
      decision = decideWith(undefined);
    }
    if (decision.outcome === 'refused') {
      outcome.refused.push({
        partnerId: recipient.partnerId,
        code: decision.refusal.code,
        message: decision.refusal.message,
      });
      continue;
    }
    const { record } = decision;
    const id = deliveryId(event.id, event.source, recipient.partnerId);
    const recordId = deliveryId(`${event.id}#record`, event.source, recipient.partnerId);
    const topic = ctx.topics.deliver(recipient.partnerId);
    // Without the subject on the envelope, the delivery id keys the record: nothing links it to the person.
    const subject = decision.envelope.subject ?? id;
    const delivery: CloudEvent = {
      id,
      source: REDACTION_SOURCE,
      type: event.type,
      specversion: '1.0',
      time: event.time,
      subject,
      datacontenttype: 'application/json',
      ...(event.dataschema ? { dataschema: event.dataschema } : {}),
      ...(event.correlationid ? { correlationid: event.correlationid } : {}),
      causationid: event.id,
      extensions: {
        disclosureid: recordId,
        policyid: record.policy.id,
        policyversion: record.policy.version,
        purpose: record.purpose,
        consentids: record.consentIds.join(','),
        withheldpaths: JSON.stringify(record.withheld.map((w) => w.path)),
        breakglass: record.breakGlass?.state === 'applied' ? 'true' : 'false',
        ...(record.breakGlass?.state === 'applied' ? { breakglassexpires: record.breakGlass.expiresAt } : {}),
        redisclosure: REDISCLOSURE_NOTICE,
      },
      data: decision.data,
    };
    outcome.deliveries.push({ topic, message: encodeCloudEvent(delivery) });
    outcome.deliveredTo.push(recipient.partnerId);

    const disclosure = {
      recordId,
      recordedAt: decidedAt,
      event: { id: event.id, type: event.type, source: event.source, time: event.time, ...position },
      subjectId: event.subject,
      recipient: { partnerId: recipient.partnerId, sector: recipient.sector },
      purpose: record.purpose,
      policy: { id: record.policy.id, version: record.policy.version },
      consentIds: [...record.consentIds],
      disclosedPaths: record.disclosed.map((d) => d.path),
      rules: rulesOf([...record.disclosed, ...record.withheld]),
      withheld: record.withheld.map((w) => ({
        path: w.path,
        reason: w.reason,
        transformation: w.transformation,
      })),
      breakGlass: breakGlassOnRecord(record.breakGlass),
      delivery: { topic, id },
    };
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
        data: disclosure,
      }),
    );
    for (const consentId of disclosingConsentIds(record)) {
      outcome.ledger.push({
        consentId,
        deliveryId: id,
        sourceEventId: event.id,
        sourceEventType: event.type,
        sourcePartition: position.partition,
        sourceOffset: position.offset,
        partnerId: recipient.partnerId,
        sector: recipient.sector,
        subjectId: event.subject,
        purpose: record.purpose,
      });
    }
  }
  return outcome;
}

/**
 * The record's `rules`: each decision (rule, grant, consent) once, with the
 * paths it decided, in the order they first appear. Naming the decision per
 * path (`decidedBy`, the form before) was three fifths of a record.
 */
export function rulesOf(
  entries: readonly { path: string; basis: Parameters<typeof decidedBy>[0] }[],
): { by: string; paths: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const entry of entries) {
    const by = decidedBy(entry.basis);
    const paths = groups.get(by);
    if (paths) paths.push(entry.path);
    else groups.set(by, [entry.path]);
  }
  return [...groups].map(([by, paths]) => ({ by, paths }));
}

/**
 * The disclosure record's break-glass field: flagged, with the written
 * reason and who broke the glass, only when it widened this decision.
 */
export function breakGlassOnRecord(mark: DecisionRecord['breakGlass']): {
  used: boolean;
  reason?: string;
  authorisedBy?: string;
  expiresAt?: string;
} {
  if (mark === null || mark.state !== 'applied') return { used: false };
  return {
    used: true,
    reason: mark.reason,
    ...(mark.requestedBy === undefined ? {} : { authorisedBy: mark.requestedBy }),
    expiresAt: mark.expiresAt,
  };
}
