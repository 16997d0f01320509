import { decodeCloudEvent, type EnvelopeError } from '@beacon/messaging';
import type { KafkaMessage } from 'kafkajs';

/** A delivery about to be stored in a partner's inbox. */
export interface NewInboxItem {
  readonly partnerId: string;
  /** Where it was read: the key that makes storing it again a no-op. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  /** The delivery as a structured-mode CloudEvent (JSON text); its `data` is the Kafka body, byte for byte. */
  readonly event: string;
}

/** A stored delivery; `seq` orders one partner's inbox and is the stream's event id. */
export interface InboxItem {
  readonly seq: number;
  readonly partnerId: string;
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly receivedAt: string;
  readonly event: string;
}

export type DeliveryReading =
  | { readonly ok: true; readonly item: NewInboxItem }
  | { readonly ok: false; readonly errors: EnvelopeError[] };

/**
 * Turns one record of `<ns>.deliver.<partnerId>` (binary mode: `ce_*`
 * headers, JSON body) into an inbox item holding the same event in
 * structured mode: every attribute, extensions included, as a JSON member,
 * and the body as `data` without being parsed and written again, so what a
 * case worker receives is what redaction delivered.
 */
export function inboxItemFromDelivery(delivery: {
  topic: string;
  partition: number;
  partnerId: string;
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>;
}): DeliveryReading {
  const { message } = delivery;
  const decoded = decodeCloudEvent(message);
  if (!decoded.ok) return { ok: false, errors: decoded.errors };
  const { data: _data, extensions, ...attributes } = decoded.event;
  const structured: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...attributes, ...extensions })) {
    if (value !== undefined) structured[name] = value;
  }
  const body = (message.value as Buffer).toString('utf8').trim();
  const head = JSON.stringify(structured);
  return {
    ok: true,
    item: {
      partnerId: delivery.partnerId,
      topic: delivery.topic,
      partition: delivery.partition,
      offset: message.offset,
      eventId: decoded.event.id,
      type: decoded.event.type,
      subject: decoded.event.subject,
      time: decoded.event.time,
      event: `${head.slice(0, -1)},"data":${body}}`,
    },
  };
}

/** The largest sequence number a client may name (beyond it, JavaScript numbers lose precision). */
const MAX_SEQUENCE = Number.MAX_SAFE_INTEGER;

export type SequenceReading = { ok: true; value: number } | { ok: false; message: string };

/**
 * Reads a resume position (`Last-Event-ID`, `lastEventId`, `after`): absent
 * or empty means from the start (0); otherwise a whole number of at most 16
 * digits.
 */
export function readSequence(raw: string | undefined, name: string): SequenceReading {
  if (raw === undefined || raw.trim() === '') return { ok: true, value: 0 };
  const text = raw.trim();
  if (!/^\d{1,16}$/.test(text) || Number(text) > MAX_SEQUENCE) {
    return {
      ok: false,
      message: `${name} must be the id of an inbox item (a whole number from 0 to ${MAX_SEQUENCE}), got ${JSON.stringify(raw.slice(0, 40))}`,
    };
  }
  return { ok: true, value: Number(text) };
}

/**
 * One Server-Sent Events message for an item: `id` the sequence number,
 * `event` the CloudEvent type, `data` the structured CloudEvent (one `data:`
 * line per line of it, as the format requires).
 */
export function sseMessage(item: Pick<InboxItem, 'seq' | 'type' | 'event'>): string {
  const data = item.event
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${item.seq}\nevent: ${item.type}\n${data}\n`;
}

/** A comment line: ignored by clients, it keeps proxies and load balancers from closing an idle stream. */
export function sseHeartbeat(now: Date): string {
  return `: heartbeat ${now.toISOString()}\n\n`;
}
