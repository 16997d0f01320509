import { stringify } from 'yaml';
import { ChannelKind, EVENT_FLOWS, EventFlow } from './event-flows';
import { parseEventType } from './event-type';
import { SchemaRegistry } from './schema-registry';
import { JsonSchemaObject } from './schema-ref';

/**
 * Topic names as plain data. `topicsFor(namespace)` from libs/messaging has
 * exactly these fields, so the gateway can pass its registry straight in,
 * while contracts itself imports nothing from messaging.
 */
export interface AsyncApiTopicNames {
  /** e.g. `beacon.inbound.`; the channel address appends `{partnerId}`. */
  readonly inboundPrefix: string;
  readonly events: string;
  readonly deliverPrefix: string;
  readonly rejectionsPrefix: string;
  readonly audit: string;
}

/** One example payload of an event type. */
export interface AsyncApiExample {
  readonly name: string;
  readonly payload: unknown;
}

/** Options of {@link buildAsyncApiDocument}. */
export interface AsyncApiOptions {
  readonly topics: AsyncApiTopicNames;
  /** `info.version`; default `1.0.0`. */
  readonly version?: string;
  /**
   * Kafka servers by name; default one local broker at 127.0.0.1:9092.
   * `protocol` is `kafka-secure` (TLS) unless the server offers plaintext.
   */
  readonly servers?: Readonly<
    Record<
      string,
      { readonly host: string; readonly description?: string; readonly protocol?: 'kafka' | 'kafka-secure' }
    >
  >;
  /** Example data by event type; shown on each message. */
  readonly examples?: Readonly<Record<string, readonly AsyncApiExample[]>>;
}

/** An AsyncAPI 3.0 document as plain JSON. */
export type AsyncApiDocument = Record<string, unknown>;

const SCHEMA_FORMAT = 'application/schema+json;version=draft-2020-12';
const KAFKA_BINDING_VERSION = '0.5.0';
const SECURITY_SCHEME = 'saslScram';

const CHANNELS: Record<ChannelKind, { title: string; description: string; perPartner: boolean }> = {
  inbound: {
    title: 'Inbound (per partner)',
    description:
      'Raw, untrusted events from one partner system. Only that partner may write here (Kafka ACL); intake ' +
      'takes the source from the topic, validates envelope and data, and forwards or rejects each event.',
    perPartner: true,
  },
  events: {
    title: 'Canonical event log',
    description:
      "Every accepted event, keyed by subject id so that one subject's events keep one order. Only Beacon " +
      'services read and write it; no partner has access.',
    perPartner: false,
  },
  deliver: {
    title: 'Delivery (per partner)',
    description:
      'What one partner may see, nothing else: a redacted copy of each event routed to it. Fields the sector ' +
      'policy, consent or purpose withholds are absent, masked, hashed or generalised, so a delivered payload ' +
      'may lack fields the schema requires; the disclosure record on the audit topic lists every path.',
    perPartner: true,
  },
  rejections: {
    title: 'Rejections (per partner)',
    description:
      'Why each refused event of one partner was refused, field by field. Only that partner reads it.',
    perPartner: true,
  },
  audit: {
    title: 'Audit log',
    description:
      'One disclosure record per delivery (written in the same transaction) and one access record per read ' +
      'through the gateway. The audit service chains them per partition and signs checkpoints.',
    perPartner: false,
  },
};

const OPERATIONS: Record<ChannelKind, { id: string; action: 'send' | 'receive'; summary: string }> = {
  inbound: { id: 'receivePartnerEvents', action: 'receive', summary: 'Intake reads what partners send.' },
  events: {
    id: 'publishCanonicalEvents',
    action: 'send',
    summary: 'Intake and Beacon services append accepted events.',
  },
  deliver: { id: 'deliverToPartner', action: 'send', summary: 'Redaction writes what one partner may see.' },
  rejections: {
    id: 'rejectPartnerEvent',
    action: 'send',
    summary: 'Intake tells a partner why an event was refused.',
  },
  audit: {
    id: 'recordAudit',
    action: 'send',
    summary: 'Redaction and the gateway record every disclosure and access.',
  },
};

const KEY_DESCRIPTIONS: Record<EventFlow['key'], Record<string, unknown>> = {
  'subject-id': {
    type: 'string',
    format: 'uuid',
    description: 'The subject id (same as ce_subject): one order per subject.',
  },
  'partner-id': { type: 'string', description: 'The partner id (same as ce_subject).' },
  'subject-id-or-partner-id': {
    type: 'string',
    description:
      "The subject id of the resource accessed, or the caller's partner id when there is none (same as ce_subject).",
  },
};

function channelAddress(kind: ChannelKind, topics: AsyncApiTopicNames): string {
  switch (kind) {
    case 'inbound':
      return `${topics.inboundPrefix}{partnerId}`;
    case 'events':
      return topics.events;
    case 'deliver':
      return `${topics.deliverPrefix}{partnerId}`;
    case 'rejections':
      return `${topics.rejectionsPrefix}{partnerId}`;
    case 'audit':
      return topics.audit;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown channel kind ${String(unreachable)}`);
    }
  }
}

function cloudEventsHeaders(): JsonSchemaObject {
  return {
    type: 'object',
    description:
      'CloudEvents 1.0 attributes in Kafka headers (binary content mode); the body is the JSON data alone.',
    required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject'],
    properties: {
      ce_specversion: { type: 'string', const: '1.0' },
      ce_id: { type: 'string', maxLength: 200, description: 'Unique per source; intake drops duplicates.' },
      ce_source: {
        type: 'string',
        maxLength: 500,
        description:
          'Who produced the event, e.g. urn:beacon:partner:metro-police. Intake checks it against the topic.',
      },
      ce_type: { type: 'string', maxLength: 200, description: 'Reverse-DNS type with a version.' },
      ce_time: { type: 'string', format: 'date-time', description: 'RFC 3339 time of the occurrence.' },
      ce_subject: { type: 'string', maxLength: 200, description: 'The subject id; also the record key.' },
      ce_dataschema: { type: 'string', format: 'uri', description: "The data schema's $id." },
      ce_correlationid: {
        type: 'string',
        maxLength: 200,
        description: 'Extension: shared by every event of one business flow.',
      },
      ce_causationid: {
        type: 'string',
        maxLength: 200,
        description: 'Extension: the id of the event that caused this one.',
      },
      'content-type': { type: 'string', const: 'application/json' },
    },
  };
}

function titleOf(type: string, schema: JsonSchemaObject): string {
  const { version } = parseEventType(type);
  const title = typeof schema.title === 'string' ? schema.title.replace(/\s*\(v\d+\)$/, '') : type;
  return `${title} (v${version})`;
}

/**
 * Builds Beacon's AsyncAPI 3.0 document from the schema registry and the
 * topic names: one channel per topic kind (`{partnerId}` a parameter on the
 * per-partner ones), one message per event type with its CloudEvents headers,
 * its data schema (references inlined, JSON Schema 2020-12) and Kafka
 * bindings (key = subject id), and SASL/SCRAM as the security scheme.
 *
 * Throws when an event type has no entry in {@link EVENT_FLOWS}: every
 * contract must say where it travels before it is published.
 */
export function buildAsyncApiDocument(registry: SchemaRegistry, options: AsyncApiOptions): AsyncApiDocument {
  const types = registry.types();
  const flowOf = (type: string): EventFlow => {
    const flow = EVENT_FLOWS[parseEventType(type).name];
    if (flow === undefined) throw new Error(`${type} has no entry in EVENT_FLOWS: say where it travels`);
    return flow;
  };

  const messages: Record<string, unknown> = {};
  for (const type of types) {
    const schema = structuredClone(registry.resolvedSchemaFor(type));
    const flow = flowOf(type);
    const examples = options.examples?.[type] ?? [];
    messages[type] = {
      name: type,
      title: titleOf(type, schema),
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      contentType: 'application/json',
      headers: {
        allOf: [
          { $ref: '#/components/schemas/CloudEventsHeaders' },
          {
            type: 'object',
            properties: {
              ce_type: { type: 'string', const: type },
              ce_dataschema: { type: 'string', const: registry.dataschemaFor(type) },
            },
          },
        ],
      },
      payload: { schemaFormat: SCHEMA_FORMAT, schema },
      correlationId: { $ref: '#/components/correlationIds/ceCorrelationId' },
      bindings: { kafka: { key: KEY_DESCRIPTIONS[flow.key], bindingVersion: KAFKA_BINDING_VERSION } },
      ...(examples.length > 0
        ? {
            examples: examples.map((example) => ({
              name: example.name,
              headers: {
                ce_specversion: '1.0',
                ce_type: type,
                ce_dataschema: registry.dataschemaFor(type),
                'content-type': 'application/json',
              },
              payload: structuredClone(example.payload),
            })),
          }
        : {}),
    };
  }

  const kinds = Object.keys(CHANNELS) as ChannelKind[];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const kind of kinds) {
    const onChannel = types.filter((type) => flowOf(type).channels.includes(kind));
    const spec = CHANNELS[kind];
    const address = channelAddress(kind, options.topics);
    channels[kind] = {
      address,
      title: spec.title,
      description: spec.description,
      ...(spec.perPartner
        ? { parameters: { partnerId: { $ref: '#/components/parameters/partnerId' } } }
        : {}),
      messages: Object.fromEntries(
        onChannel.map((type) => [type, { $ref: `#/components/messages/${type}` }]),
      ),
      bindings: {
        kafka: spec.perPartner
          ? { bindingVersion: KAFKA_BINDING_VERSION }
          : { topic: address, bindingVersion: KAFKA_BINDING_VERSION },
      },
    };
    const operation = OPERATIONS[kind];
    operations[operation.id] = {
      action: operation.action,
      channel: { $ref: `#/channels/${kind}` },
      summary: operation.summary,
      messages: onChannel.map((type) => ({ $ref: `#/channels/${kind}/messages/${type}` })),
    };
  }

  const servers = options.servers ?? {
    local: {
      host: '127.0.0.1:9092',
      description:
        'The broker `npm start` runs on loopback: SASL_SSL (TLS 1.2 or 1.3); trust the CA in .beacon/kafka/tls/ca.pem.',
    },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Beacon events',
      version: options.version ?? '1.0.0',
      description:
        'The event contract of Beacon, the backbone on which agencies fighting human trafficking share alerts ' +
        'and referrals. Events are CloudEvents 1.0 in Kafka binary mode; each data schema is JSON Schema ' +
        '2020-12 and every leaf field carries its data category in `x-beacon-category`, by which redaction ' +
        'decides what each partner sees. Generated from schemas/ — see docs/event-catalogue.md.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: Object.fromEntries(
      Object.entries(servers).map(([name, server]) => [
        name,
        {
          host: server.host,
          protocol: server.protocol ?? 'kafka-secure',
          ...(server.description ? { description: server.description } : {}),
          security: [{ $ref: `#/components/securitySchemes/${SECURITY_SCHEME}` }],
        },
      ]),
    ),
    channels,
    operations,
    components: {
      messages,
      schemas: { CloudEventsHeaders: cloudEventsHeaders() },
      parameters: {
        partnerId: {
          description:
            'A partner id: 2-63 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. metro-police).',
          examples: ['metro-police', 'safe-harbour'],
        },
      },
      correlationIds: {
        ceCorrelationId: {
          description: 'The id shared by every event of one business flow.',
          location: '$message.header#/ce_correlationid',
        },
      },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'scramSha256',
          description:
            'SASL/SCRAM-SHA-256 over TLS (SASL_SSL); clients verify the broker certificate against the CA ' +
            'Beacon gives each partner. A partner system authenticates as `partner-<partnerId>` and may write ' +
            'only its inbound topic and read only its delivery and rejection topics.',
        },
      },
    },
  };
}

/** Renders an AsyncAPI document as YAML, deterministic and without anchors. */
export function asyncApiToYaml(document: AsyncApiDocument, banner?: string): string {
  const body = stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
  return banner === undefined ? body : `${banner.replace(/^/gm, '# ')}\n${body}`;
}
