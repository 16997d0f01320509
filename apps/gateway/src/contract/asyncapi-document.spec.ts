import { parse } from 'yaml';
import { loadExamples, SchemaRegistry } from '@beacon/contracts';
import { topicsFor } from '@beacon/messaging';
import { renderGatewayAsyncApi } from './asyncapi-document';

describe('the AsyncAPI document the gateway serves', () => {
  // given
  const yaml = renderGatewayAsyncApi({
    registry: SchemaRegistry.load(),
    topics: topicsFor('tabc123'),
    brokers: ['10.0.0.1:9092', '10.0.0.2:9092'],
    tls: true,
    examples: loadExamples(),
  });
  const document = parse(yaml) as {
    asyncapi: string;
    servers: Record<string, { host: string; protocol: string }>;
    channels: Record<string, { address: string }>;
    components: { messages: Record<string, { examples?: unknown[] }> };
  };

  it('given a topic namespace, then every channel carries this deployment’s topic names', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.channels.events.address).toBe('tabc123.events');
    expect(document.channels.inbound.address).toBe('tabc123.inbound.{partnerId}');
    expect(yaml).toMatch(/^# Served by beacon-gateway for topic namespace "tabc123"/);
  });

  it('given the brokers, then each is a server, over TLS as the gateway reaches it', () => {
    expect(Object.values(document.servers).map((server) => [server.host, server.protocol])).toEqual([
      ['10.0.0.1:9092', 'kafka-secure'],
      ['10.0.0.2:9092', 'kafka-secure'],
    ]);
  });

  it('given brokers reached in plaintext (KAFKA_SSL=false), then the servers say so', () => {
    const plaintext = parse(
      renderGatewayAsyncApi({
        registry: SchemaRegistry.load(),
        topics: topicsFor('tabc123'),
        brokers: ['10.0.0.1:9092'],
        tls: false,
        examples: [],
      }),
    ) as typeof document;
    expect(Object.values(plaintext.servers).map((server) => server.protocol)).toEqual(['kafka']);
  });

  it('given the schema examples, then they are shown on their messages', () => {
    expect(document.components.messages['org.beacon.alert.raised.v1'].examples).toHaveLength(3);
  });
});
