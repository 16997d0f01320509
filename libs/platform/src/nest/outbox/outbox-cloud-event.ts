import type { CloudEvent } from '@beacon/messaging';
import type { OutboxMessage } from '@beacon/persistence';

const REQUIRED_ATTRIBUTES = ['id', 'source', 'type', 'time', 'subject'] as const;
/** Headers that are CloudEvents attributes of their own; any other header is an extension attribute. */
const ATTRIBUTES = new Set<string>([
  ...REQUIRED_ATTRIBUTES,
  'specversion',
  'datacontenttype',
  'dataschema',
  'correlationid',
  'causationid',
]);

/**
 * The CloudEvent an outbox message stands for. Throws when a required
 * attribute is missing: such a row was not written by this module, and
 * publishing it would put a broken event on the canonical log.
 */
export function cloudEventFromOutbox(message: OutboxMessage): CloudEvent {
  const headers = message.headers;
  const missing = REQUIRED_ATTRIBUTES.filter(
    (name) => typeof headers[name] !== 'string' || headers[name] === '',
  );
  if (missing.length > 0) {
    throw new Error(`outbox row ${message.id} (event ${message.eventId}) lacks ${missing.join(', ')}`);
  }
  return {
    id: headers.id,
    source: headers.source,
    type: headers.type,
    specversion: '1.0',
    time: headers.time,
    subject: headers.subject,
    datacontenttype: 'application/json',
    ...(headers.dataschema === undefined ? {} : { dataschema: headers.dataschema }),
    ...(headers.correlationid === undefined ? {} : { correlationid: headers.correlationid }),
    ...(headers.causationid === undefined ? {} : { causationid: headers.causationid }),
    ...extensionsOf(headers),
    data: message.payload,
  };
}

// Extension attributes a writer put on the row (a referral's parties, for one), published as `ce_<name>`.
function extensionsOf(headers: Record<string, string>): { extensions?: Record<string, string> } {
  const extensions = Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => !ATTRIBUTES.has(name) && typeof value === 'string'),
  );
  return Object.keys(extensions).length === 0 ? {} : { extensions };
}
