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

/**
 * Event types addressed to roles rather than to the whole partner: their
 * data names in `notifyRoles` who at the receiving partner is shown them
 * (an escalation is for supervisors, and for case workers where the event
 * says so).
 */
const ROLE_ADDRESSED_TYPE = /^org\.beacon\.referral\.escalated\.v\d+$/;

/**
 * Tells whether an inbox reader holding `roles` is shown `item`. Every item
 * is shown to every inbox reader of the partner, except a role-addressed
 * one (see {@link ROLE_ADDRESSED_TYPE}), which is shown only to a reader
 * holding one of its `notifyRoles`. This is who at the partner should be
 * bothered with it, not a disclosure rule (the partner received the item,
 * redacted for its sector): so an item whose `notifyRoles` is missing or
 * unreadable (withheld by a policy, say) is shown to every reader rather
 * than to no one, and an escalation is never lost.
 */
export function isShownTo(item: Pick<InboxItem, 'type' | 'event'>, roles: readonly string[]): boolean {
  if (!ROLE_ADDRESSED_TYPE.test(item.type)) return true;
  const notifyRoles = notifyRolesOf(item.event);
  if (notifyRoles === undefined) return true;
  return roles.some((role) => notifyRoles.includes(role));
}

function notifyRolesOf(event: string): readonly string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    return undefined;
  }
  const data = isObject(parsed) ? parsed['data'] : undefined;
  const roles = isObject(data) ? data['notifyRoles'] : undefined;
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) return undefined;
  return roles as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/**
 * The last message of a stream the gateway ends because its reader may no
 * longer read (its partner was suspended or removed): event `stream-closed`,
 * no id (the client's position stays on the last item), data
 * `{ code, reason }`. A client should not reconnect with the same credential.
 */
export function sseClosed(code: string, reason: string): string {
  return `event: stream-closed\ndata: ${JSON.stringify({ code, reason })}\n\n`;
}

/** A comment line: ignored by clients, it keeps proxies and load balancers from closing an idle stream. */
export function sseHeartbeat(now: Date): string {
  return `: heartbeat ${now.toISOString()}\n\n`;
}
