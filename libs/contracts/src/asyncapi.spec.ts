import { parse } from 'yaml';
import { asyncApiToYaml, buildAsyncApiDocument } from './asyncapi';
import { EVENT_FLOWS } from './event-flows';
import { parseEventType } from './event-type';
import { SchemaRegistry } from './schema-registry';

// Plain data, as the gateway passes in from libs/messaging's topicsFor().
const topics = {
  inboundPrefix: 'test.inbound.',
  events: 'test.events',
  deliverPrefix: 'test.deliver.',
  rejectionsPrefix: 'test.rejections.',
  audit: 'test.audit',
};

describe('buildAsyncApiDocument', () => {
  const registry = SchemaRegistry.load();
  const doc = buildAsyncApiDocument(registry, { topics, version: '9.9.9' }) as Record<string, any>;

  it('is an AsyncAPI 3.0 document with the given version', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.version).toBe('9.9.9');
  });

  it('has one channel per topic kind, with the partner id as a parameter where the topic is per partner', () => {
    expect(
      Object.fromEntries(Object.entries(doc.channels).map(([k, c]: [string, any]) => [k, c.address])),
    ).toEqual({
      inbound: 'test.inbound.{partnerId}',
      events: 'test.events',
      deliver: 'test.deliver.{partnerId}',
      rejections: 'test.rejections.{partnerId}',
      audit: 'test.audit',
    });
    expect(doc.channels.inbound.parameters.partnerId.$ref).toBe('#/components/parameters/partnerId');
    expect(doc.channels.events.parameters).toBeUndefined();
  });

  it('has a message per event type, with its inlined data schema and CloudEvents headers', () => {
    expect(Object.keys(doc.components.messages)).toEqual(registry.types());
    const message = doc.components.messages['org.beacon.alert.raised.v1'];
    expect(message.payload.schemaFormat).toBe('application/schema+json;version=draft-2020-12');
    expect(message.payload.schema.$id).toBe(registry.dataschemaFor('org.beacon.alert.raised.v1'));
    expect(JSON.stringify(message.payload.schema)).not.toContain('"$ref"');
    expect(message.headers.allOf[1].properties.ce_type.const).toBe('org.beacon.alert.raised.v1');
    expect(doc.components.schemas.CloudEventsHeaders.required).toContain('ce_subject');
  });

  it('keys records by subject id and secures the broker with SASL/SCRAM over TLS', () => {
    const message = doc.components.messages['org.beacon.referral.created.v1'];
    expect(message.bindings.kafka.key).toMatchObject({ type: 'string', format: 'uuid' });
    expect(doc.components.securitySchemes.saslScram.type).toBe('scramSha256');
    expect(doc.servers.local.security).toEqual([{ $ref: '#/components/securitySchemes/saslScram' }]);
    expect(doc.servers.local.protocol).toBe('kafka-secure');
  });

  it('puts each type on the channels its flow names, and every $ref resolves', () => {
    for (const type of registry.types()) {
      for (const kind of EVENT_FLOWS[parseEventType(type).name].channels) {
        expect(doc.channels[kind].messages[type]).toEqual({ $ref: `#/components/messages/${type}` });
      }
    }
    const refs = JSON.stringify(doc).match(/"\$ref":"#[^"]*"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice('"$ref":"#'.length, -1);
      const target = pointer
        .split('/')
        .slice(1)
        .reduce<any>((node, token) => node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect({ ref: pointer, found: target !== undefined }).toEqual({ ref: pointer, found: true });
    }
  });

  it('renders as YAML that reads back to the same document', () => {
    expect(parse(asyncApiToYaml(doc, 'banner'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('refuses an event type whose flow is not declared', () => {
    const stray = SchemaRegistry.fromSchemas([
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'https://schemas.beacon.example/org.beacon.stray.thing.v1.json',
        type: 'object',
        additionalProperties: false,
        properties: {},
      },
    ]);
    expect(() => buildAsyncApiDocument(stray, { topics })).toThrow(/EVENT_FLOWS/);
  });
});
