import type { ConsentGrantedV1Data, ConsentRevokedV1Data } from '@beacon/contracts';
import type { TopicKind } from '@beacon/messaging';
import type { NewOutboxMessage } from '@beacon/persistence';
import { CONSENT_GRANTED_TYPE, CONSENT_REVOKED_TYPE, type Consent, type Revocation } from './domain/consent';

/** The CloudEvents `source` of every event the gateway itself produces. */
export const GATEWAY_SOURCE = 'urn:beacon:service:gateway';

/** Consent events go to the canonical log, where redaction reads them beside the events they govern. */
const CONSENT_TOPIC: TopicKind = 'events';

/** What an event needs besides its data; the caller supplies ids and time so the mapping stays pure. */
export interface EventContext {
  readonly eventId: string;
  /** When the change happened (RFC 3339). */
  readonly time: string;
  /** The `$id` of the data's schema, from the registry. */
  readonly dataschema: string;
  /** From the request's `x-correlation-id`, when it sent a usable one. */
  readonly correlationId?: string;
}

/** The outbox message announcing a consent just recorded. */
export function consentGrantedMessage(consent: Consent, context: EventContext): NewOutboxMessage {
  return outboxMessage<ConsentGrantedV1Data>(CONSENT_GRANTED_TYPE, consent.subjectId, consent.data, context);
}

/** The outbox message announcing a revocation of `consent`. */
export function consentRevokedMessage(
  consent: Consent,
  revocation: Revocation,
  context: EventContext,
): NewOutboxMessage {
  return outboxMessage<ConsentRevokedV1Data>(
    CONSENT_REVOKED_TYPE,
    consent.subjectId,
    revocation.data,
    context,
  );
}

// The subject id is both ce_subject and the record key, so a consent and every
// event about it after it share one partition and one order.
function outboxMessage<T>(type: string, subjectId: string, data: T, context: EventContext): NewOutboxMessage {
  const headers: Record<string, string> = {
    id: context.eventId,
    source: GATEWAY_SOURCE,
    type,
    specversion: '1.0',
    time: context.time,
    subject: subjectId,
    dataschema: context.dataschema,
    datacontenttype: 'application/json',
  };
  if (context.correlationId !== undefined) headers.correlationid = context.correlationId;
  return { eventId: context.eventId, topicKind: CONSENT_TOPIC, key: subjectId, type, headers, payload: data };
}

// Visible ASCII only: the value becomes a Kafka header and a log field.
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * The correlation id to carry from an `x-correlation-id` request header:
 * 1 to 200 visible ASCII characters. Anything else is left out rather than
 * refused — it is a tracing aid, and a bad one must not block recording a
 * person's consent.
 */
export function correlationIdFrom(header: string | readonly string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return CORRELATION_ID.test(trimmed) ? trimmed : undefined;
}
