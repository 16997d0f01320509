import {
  asyncApiToYaml,
  buildAsyncApiDocument,
  type AsyncApiExample,
  type AsyncApiTopicNames,
  type SchemaExample,
  type SchemaRegistry,
} from '@beacon/contracts';

export interface GatewayAsyncApiInput {
  readonly registry: SchemaRegistry;
  /** The gateway's own topic registry, so the addresses are this deployment's. */
  readonly topics: AsyncApiTopicNames & { readonly namespace: string };
  /** The brokers the gateway reaches, listed as the document's servers. */
  readonly brokers: readonly string[];
  /** Whether the brokers are reached over TLS, as the gateway itself reaches them. */
  readonly tls: boolean;
  readonly examples: readonly SchemaExample[];
}

/**
 * Renders the AsyncAPI 3.0 document this gateway serves: the same builder as
 * `docs/asyncapi.yaml`, but with this deployment's topic namespace and
 * brokers, so a partner reads the addresses it must actually use.
 */
export function renderGatewayAsyncApi({
  registry,
  topics,
  brokers,
  tls,
  examples,
}: GatewayAsyncApiInput): string {
  const byType: Record<string, AsyncApiExample[]> = {};
  for (const example of examples)
    (byType[example.type] ??= []).push({ name: example.name, payload: example.payload });
  const servers = Object.fromEntries(
    brokers.map((host, i) => [
      `broker-${i + 1}`,
      {
        host,
        protocol: tls ? ('kafka-secure' as const) : ('kafka' as const),
        description: `A broker of this Beacon deployment (${tls ? 'SASL_SSL' : 'SASL_PLAINTEXT: not encrypted'}). Partners authenticate as partner-<partnerId>.`,
      },
    ]),
  );
  const document = buildAsyncApiDocument(registry, { topics, examples: byType, servers });
  return asyncApiToYaml(
    document,
    `Served by beacon-gateway for topic namespace "${topics.namespace}"; built at start from schemas/.`,
  );
}
