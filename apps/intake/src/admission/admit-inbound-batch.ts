import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@beacon/contracts';
import {
  admitInboundRecord,
  encodeCloudEvent,
  headerText,
  type Admission,
  type CloudEvent,
  type EnvelopeError,
  type IncomingRecord,
} from '@beacon/messaging';
import type { Message } from 'kafkajs';
import { DedupeStore } from './dedupe-store';

export const REJECTION_TYPE = 'org.beacon.event.rejected.v1';
export const INTAKE_SOURCE = 'urn:beacon:service:intake';

export interface InboundRecord extends IncomingRecord {
  offset: string;
  timestamp: string;
}

export interface BatchInput {
  topic: string;
  partition: number;
  partnerId: string;
  records: readonly InboundRecord[];
  /**
   * Why the partner may not publish now (it is suspended, removed or unknown
   * to the partner directory), when it may not: then every record is refused
   * with this reason, whatever it holds.
   */
  partnerRefusal?: string;
}

/** What one batch turns into: written together in one Kafka transaction. */
export interface BatchOutcome {
  accepted: Message[];
  rejections: Message[];
  /** Changelog entries for the dedupe store, keyed by (source, id). */
  admittedKeys: Message[];
  duplicates: { eventId: string; offset: string }[];
  /** The keys to remember once the transaction has committed. */
  remember: string[];
}

export interface RejectionData {
  eventId?: string;
  eventType?: string;
  partnerId: string;
  receivedAt: string;
  rejectedAt: string;
  inbound: { topic: string; partition: number; offset: string };
  reasons: EnvelopeError[];
}

/** The rejection event a partner reads on its rejections topic. */
export function rejectionEvent(data: RejectionData, dataschema: string): CloudEvent<RejectionData> {
  return {
    id: randomUUID(),
    source: INTAKE_SOURCE,
    type: REJECTION_TYPE,
    specversion: '1.0',
    time: data.rejectedAt,
    subject: data.partnerId,
    dataschema,
    datacontenttype: 'application/json',
    causationid: data.eventId,
    data,
  };
}

function isoTime(kafkaTimestamp: string): string {
  const ms = Number(kafkaTimestamp);
  return new Date(Number.isFinite(ms) && ms > 0 ? ms : Date.now()).toISOString();
}

/** The refusal of a record whose partner may not publish now; names the event when its headers do. */
function refusedForPartner(record: InboundRecord, refusal: string): Admission {
  const eventId = headerText(record.headers, 'ce_id')?.slice(0, 200) || undefined;
  const eventType = headerText(record.headers, 'ce_type')?.slice(0, 200) || undefined;
  return {
    ok: false,
    ...(eventId ? { eventId } : {}),
    ...(eventType ? { eventType } : {}),
    reasons: [{ pointer: '', message: `${refusal}: its events are not admitted`.slice(0, 500) }],
  };
}

/**
 * Decides a batch from one inbound partition: each record is admitted
 * (unless it repeats a (source, id) already admitted, in the store or
 * earlier in the batch) or turned into a rejection that names every reason.
 * A partner that may not publish now has every record refused, for that reason alone.
 * Pure apart from the clock and ids, so it is tested without a broker.
 */
export function admitInboundBatch(
  input: BatchInput,
  registry: SchemaRegistry,
  dedupe: DedupeStore,
  now: Date = new Date(),
): BatchOutcome {
  const outcome: BatchOutcome = {
    accepted: [],
    rejections: [],
    admittedKeys: [],
    duplicates: [],
    remember: [],
  };
  const inBatch = new Set<string>();
  const rejectionSchema = registry.dataschemaFor(REJECTION_TYPE);
  for (const record of input.records) {
    const receivedAt = isoTime(record.timestamp);
    const admission =
      input.partnerRefusal !== undefined
        ? refusedForPartner(record, input.partnerRefusal)
        : admitInboundRecord(record, { partnerId: input.partnerId, registry });
    if (!admission.ok) {
      const rejection = rejectionEvent(
        {
          ...(admission.eventId ? { eventId: admission.eventId } : {}),
          ...(admission.eventType ? { eventType: admission.eventType } : {}),
          partnerId: input.partnerId,
          receivedAt,
          rejectedAt: now.toISOString(),
          inbound: { topic: input.topic, partition: input.partition, offset: record.offset },
          reasons: admission.reasons,
        },
        rejectionSchema,
      );
      outcome.rejections.push(encodeCloudEvent(rejection));
      continue;
    }
    const event = admission.event;
    const key = DedupeStore.keyOf(event.source, event.id);
    if (inBatch.has(key) || dedupe.has(key, now.getTime())) {
      outcome.duplicates.push({ eventId: event.id, offset: record.offset });
      continue;
    }
    inBatch.add(key);
    outcome.accepted.push(
      encodeCloudEvent({ ...event, partnerid: input.partnerId, receivedtime: receivedAt }),
    );
    outcome.admittedKeys.push({
      key,
      value: JSON.stringify({
        admittedAt: now.toISOString(),
        topic: input.topic,
        partition: input.partition,
        offset: record.offset,
      }),
    });
    outcome.remember.push(key);
  }
  return outcome;
}
