/**
 * Writes docs/asyncapi.yaml: Beacon's AsyncAPI 3.0 document, built from the
 * schema registry (schemas/), the topic registry (libs/messaging) and the
 * examples under schemas/examples/.
 *
 *   npx tsx scripts/contracts/generate-asyncapi.ts           # write the file
 *   npx tsx scripts/contracts/generate-asyncapi.ts --check   # exit 1 when it is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { AsyncApiExample, asyncApiToYaml, buildAsyncApiDocument } from '@beacon/contracts/asyncapi';
import { loadExamples } from '@beacon/contracts/examples';
import { SchemaRegistry, defaultSchemasDir } from '@beacon/contracts/schema-registry';
// The topic registry alone: the messaging index would load kafkajs for nothing.
import { topicsFor } from '@beacon/messaging/topics';

/** Where the document lives, relative to the repository root. */
export const ASYNCAPI_YAML = join('docs', 'asyncapi.yaml');

const BANNER = [
  'GENERATED FILE — do not edit. Written by scripts/contracts/generate-asyncapi.ts from',
  'schemas/, the topic registry in libs/messaging and schemas/examples/. After changing any',
  'of them run: npx tsx scripts/contracts/generate-asyncapi.ts (npm test fails while it is stale).',
].join('\n');

/** Renders the document for the default `beacon` namespace, in memory. */
export function renderAsyncApi(schemasDir: string = defaultSchemasDir()): string {
  const registry = SchemaRegistry.load(schemasDir);
  const examples: Record<string, AsyncApiExample[]> = {};
  for (const example of loadExamples(schemasDir)) {
    (examples[example.type] ??= []).push({ name: example.name, payload: example.payload });
  }
  const document = buildAsyncApiDocument(registry, { topics: topicsFor(), examples });
  return asyncApiToYaml(document, BANNER);
}

function main(argv: readonly string[]): number {
  const root = dirname(defaultSchemasDir());
  const target = join(root, ASYNCAPI_YAML);
  const text = renderAsyncApi();
  if (argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) {
      console.log(`${relative(root, target)} is up to date`);
      return 0;
    }
    console.error(`${relative(root, target)} is stale: run npx tsx scripts/contracts/generate-asyncapi.ts`);
    return 1;
  }
  writeFileSync(target, text);
  console.log(`wrote ${relative(root, target)}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
