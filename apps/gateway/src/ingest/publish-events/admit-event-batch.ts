import type { SchemaRegistry } from '@beacon/contracts';
import { admitInboundRecord, MAX_REASONS, type EnvelopeError } from '@beacon/messaging';
import { structuredToRecord, type InboundRecord, type StructuredEvent } from './structured-event';

/** Why one event of a request was refused. */
export interface EventRefusal {
  /** Its position in the request (0 for a single event). */
  readonly index: number;
  /** Its `id`, when it has a usable one. */
  readonly id?: string;
  readonly reasons: readonly EnvelopeError[];
}

/** The 422 answer: every refused event of the request, each with every reason. */
export interface RefusedEvents {
  readonly accepted: false;
  readonly errors: readonly EventRefusal[];
}

export type BatchAdmission =
  | { readonly ok: true; readonly records: readonly InboundRecord[]; readonly ids: readonly string[] }
  | { readonly ok: false; readonly refusal: RefusedEvents };

export interface BatchAdmissionContext {
  /** The partner the token names: the one whose source every event must carry. */
  readonly partnerId: string;
  readonly registry: SchemaRegistry;
}

/**
 * Judges every event of a request the way intake will judge it on the
 * partner's inbound topic: each one is converted to its binary-mode record
 * and handed to intake's own `admitInboundRecord`. All or nothing: one
 * refused event refuses the request, and the answer lists every refused
 * event, not only the first, so a partner fixes a batch in one round.
 *
 * The records returned are the exact bytes that were judged, so what is
 * published is what was admitted. Pure.
 */
export function admitEventBatch(
  events: readonly StructuredEvent[],
  context: BatchAdmissionContext,
): BatchAdmission {
  const records: InboundRecord[] = [];
  const ids: string[] = [];
  const errors: EventRefusal[] = [];
  events.forEach((event, index) => {
    const { record, reasons: formatReasons } = structuredToRecord(event);
    const admission = admitInboundRecord(record, {
      partnerId: context.partnerId,
      registry: context.registry,
    });
    if (admission.ok && formatReasons.length === 0) {
      records.push(record);
      ids.push(admission.event.id);
      return;
    }
    // An attribute the conversion could not carry is also "required" to
    // admission; one reason per pointer says it once, in the sharper words.
    const reported = new Set(formatReasons.map((reason) => reason.pointer));
    const admissionReasons = admission.ok ? [] : admission.reasons.filter((r) => !reported.has(r.pointer));
    const id = admission.ok ? admission.event.id : admission.eventId;
    errors.push({
      index,
      ...(id === undefined ? {} : { id }),
      reasons: [...formatReasons, ...admissionReasons].slice(0, MAX_REASONS),
    });
  });
  return errors.length > 0 ? { ok: false, refusal: { accepted: false, errors } } : { ok: true, records, ids };
}
