import type { NewInboxItem } from './inbox-item';

/*
 * A retraction as the inbox reads it: which of the partner's deliveries
 * Beacon withdrew after the consent they were disclosed under was revoked.
 * Pure: no I/O, no clock.
 */

/** `org.beacon.disclosure.retracted.v<n>`: the redaction service's notice to purge deliveries. */
const RETRACTION_TYPE = /^org\.beacon\.disclosure\.retracted\.v\d+$/;

/** What the inbox keeps of one retraction to one partner. */
export interface InboxRetraction {
  readonly partnerId: string;
  readonly retractionId: string;
  /** Absent when the partner's policy withheld it from the copy it received. */
  readonly consentId?: string;
  /** The ids (`ce_id`) of the deliveries to purge. */
  readonly deliveryIds: readonly string[];
}

/**
 * The retraction an inbox item carries, or undefined when it carries none.
 * The item is the partner's own redacted copy: its delivery ids are
 * operational and always pass, its retraction id falls back on the
 * delivery's own id (which redaction makes the same).
 */
export function retractionOf(
  item: Pick<NewInboxItem, 'partnerId' | 'type' | 'eventId' | 'event'>,
): InboxRetraction | undefined {
  if (!RETRACTION_TYPE.test(item.type)) return undefined;
  let data: unknown;
  try {
    data = (JSON.parse(item.event) as { data?: unknown }).data;
  } catch {
    return undefined;
  }
  const fields = isObject(data) ? data : {};
  const deliveries = Array.isArray(fields.deliveries) ? fields.deliveries : [];
  const deliveryIds = [
    ...new Set(
      deliveries
        .map((delivery) => (isObject(delivery) ? delivery.deliveryId : undefined))
        .filter((id): id is string => typeof id === 'string' && id.length > 0),
    ),
  ];
  return {
    partnerId: item.partnerId,
    retractionId: typeof fields.retractionId === 'string' ? fields.retractionId : item.eventId,
    ...(typeof fields.consentId === 'string' ? { consentId: fields.consentId } : {}),
    deliveryIds,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A retraction as auditors and partners see it: what it purged and whether the partner confirmed its own purge. */
export interface RetractionRecord {
  readonly retractionId: string;
  readonly partnerId: string;
  readonly consentId?: string;
  /** How many deliveries it listed. */
  readonly deliveries: number;
  /** How many of them the gateway removed from the partner's inbox. */
  readonly purgedFromInbox: number;
  readonly receivedAt: string;
  readonly confirmedAt?: string;
  readonly confirmedBy?: string;
}

/** Why a partner's purge confirmation is not recorded. */
export type PurgeConfirmationRefusal = { readonly kind: 'already-confirmed'; readonly confirmedAt: string };

/** Whether the partner may confirm the purge of `retraction`: once only, so the first confirmation stands. */
export function decidePurgeConfirmation(
  retraction: Pick<RetractionRecord, 'confirmedAt'>,
): { ok: true } | { ok: false; refusal: PurgeConfirmationRefusal } {
  if (retraction.confirmedAt !== undefined)
    return { ok: false, refusal: { kind: 'already-confirmed', confirmedAt: retraction.confirmedAt } };
  return { ok: true };
}

const DURATION = /^(\d{1,7})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3600_000, d: 24 * 3600_000 } as const;

/** Reads `olderThan` (`30s`, `90m`, `4h`, `7d`) as milliseconds, or says what is wrong. */
export function readAge(raw: string): { ok: true; ms: number } | { ok: false; message: string } {
  const match = DURATION.exec(raw.trim());
  if (match === null)
    return {
      ok: false,
      message: `olderThan must be a whole number of seconds, minutes, hours or days, e.g. 30s, 90m, 4h or 7d; got ${JSON.stringify(raw.slice(0, 20))}`,
    };
  return { ok: true, ms: Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] };
}
