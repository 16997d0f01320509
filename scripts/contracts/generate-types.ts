/**
 * Generates libs/contracts/src/generated/events.ts: a TypeScript interface
 * for the data of every event type, one named type per shared definition
 * (schemas/common), and a map from event type to data interface.
 *
 *   npx tsx scripts/contracts/generate-types.ts           # write the file
 *   npx tsx scripts/contracts/generate-types.ts --check   # exit 1 when it is stale
 *
 * json-schema-to-typescript does the translation; every `$ref` is turned
 * into a reference to a named type first (`tsType`), so a shared definition
 * is declared once instead of once per event that uses it, and nothing is
 * fetched from the schemas' (fictional) `$id` URLs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { compile } from 'json-schema-to-typescript';
import * as estreePlugin from 'prettier/plugins/estree';
import * as typescriptPlugin from 'prettier/plugins/typescript';
import { format } from 'prettier/standalone';
import { CATEGORY_KEYWORD } from '@beacon/contracts/categories';
import { parseEventType } from '@beacon/contracts/event-type';
import { SchemaRegistry, defaultSchemasDir } from '@beacon/contracts/schema-registry';
import {
  JsonSchema,
  JsonSchemaObject,
  SINGLE_SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
  isSchemaObject,
  resolveRef,
} from '@beacon/contracts/schema-ref';

/** The repository root: the folder that holds `schemas/`. */
export function repoRoot(): string {
  return dirname(defaultSchemasDir());
}

/** Where the generated file lives, relative to the repository root. */
export const EVENTS_TS = join('libs', 'contracts', 'src', 'generated', 'events.ts');

const BANNER = `/**
 * GENERATED FILE — do not edit. Written by scripts/contracts/generate-types.ts
 * from the JSON Schemas in schemas/. After changing a schema run
 *   npx tsx scripts/contracts/generate-types.ts
 * (npm test fails while this file is stale).
 */`;

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** The name of the data interface of an event type: `org.beacon.alert.raised.v1` → `AlertRaisedV1Data`. */
export function dataTypeName(type: string): string {
  const { name, version } = parseEventType(type);
  return `${pascal(name)}V${version}Data`;
}

interface NamedSchema {
  readonly name: string;
  readonly uri: string;
  readonly schema: JsonSchemaObject;
  readonly baseUri: string;
}

function describes(schema: JsonSchemaObject): boolean {
  return ['type', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', 'properties'].some(
    (k) => schema[k] !== undefined,
  );
}

/** Every schema that becomes a named TypeScript declaration, by URI. */
function namedSchemas(registry: SchemaRegistry): NamedSchema[] {
  const named: NamedSchema[] = [];
  const addDefs = (resource: JsonSchemaObject, uri: string, prefix: string) => {
    const defs = isSchemaObject(resource.$defs) ? resource.$defs : {};
    for (const [key, def] of Object.entries(defs)) {
      if (!isSchemaObject(def)) continue;
      const title = typeof def.title === 'string' ? def.title : key;
      named.push({
        name: `${prefix}${pascal(title)}`,
        uri: `${uri}#/$defs/${key}`,
        schema: def,
        baseUri: uri,
      });
    }
  };
  for (const resource of registry.sharedSchemas()) {
    const uri = String(resource.$id);
    if (describes(resource)) {
      if (typeof resource.title !== 'string') throw new Error(`${uri} needs a "title" to name its type`);
      named.push({ name: pascal(resource.title), uri, schema: resource, baseUri: uri });
    }
    addDefs(resource, uri, '');
  }
  for (const type of registry.types()) {
    const schema = registry.schemaFor(type);
    const uri = String(schema.$id);
    named.push({ name: dataTypeName(type), uri, schema, baseUri: uri });
    addDefs(schema, uri, dataTypeName(type).replace(/Data$/, ''));
  }
  const seen = new Set<string>();
  for (const { name, uri } of named) {
    if (seen.has(name))
      throw new Error(
        `two schemas would both become the type ${name} (one is ${uri}); give one another title`,
      );
    seen.add(name);
  }
  return named;
}

function withCategoryNote(description: unknown, category: unknown): string | undefined {
  const text = typeof description === 'string' ? description : undefined;
  if (typeof category !== 'string') return text;
  const note = `Data category: \`${category}\`.`;
  return text === undefined ? note : `${text}\n\n${note}`;
}

/**
 * A copy of `node` that json-schema-to-typescript can compile alone: `$ref`s
 * to named schemas become `tsType` references, other `$ref`s are inlined,
 * titles are dropped (they would spawn more named types) and the category
 * is added to the description so it shows in the TSDoc.
 */
function prepare(
  node: JsonSchema,
  baseUri: string,
  registry: SchemaRegistry,
  names: ReadonlyMap<string, string>,
): JsonSchema {
  if (!isSchemaObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref, baseUri, registry.schemaResources());
    const targetObject = isSchemaObject(target.schema) ? target.schema : {};
    const category = node[CATEGORY_KEYWORD] ?? targetObject[CATEGORY_KEYWORD];
    const name = names.get(target.uri);
    if (name !== undefined) {
      const description = withCategoryNote(node.description ?? targetObject.description, category);
      return { tsType: name, ...(description === undefined ? {} : { description }) };
    }
    const { $ref: _ref, ...siblings } = node;
    const inlined = prepare(target.schema, target.baseUri, registry, names);
    return isSchemaObject(inlined)
      ? { ...inlined, ...(prepare(siblings, baseUri, registry, names) as JsonSchemaObject) }
      : inlined;
  }
  const out: JsonSchemaObject = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (['$id', '$schema', '$defs', 'title', 'discriminator', CATEGORY_KEYWORD].includes(keyword)) continue;
    if ((SINGLE_SUBSCHEMA_KEYWORDS as readonly string[]).includes(keyword)) {
      out[keyword] = prepare(value as JsonSchema, baseUri, registry, names);
    } else if ((SUBSCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((child) => prepare(child as JsonSchema, baseUri, registry, names));
    } else if ((SUBSCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isSchemaObject(value)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [
          name,
          prepare(child as JsonSchema, baseUri, registry, names),
        ]),
      );
    } else {
      out[keyword] = value;
    }
  }
  const description = withCategoryNote(node.description, node[CATEGORY_KEYWORD]);
  if (description !== undefined) out.description = description;
  // A union of objects: the branches say everything; json-schema-to-typescript would intersect `type: object` in.
  if ((out.oneOf !== undefined || out.anyOf !== undefined) && out.properties === undefined) delete out.type;
  return out;
}

/** Reads the repository's Prettier options, so the generated file is already formatted. */
function prettierOptions(root: string): Record<string, unknown> {
  const file = join(root, '.prettierrc.json');
  const fallback = { singleQuote: true, trailingComma: 'all', printWidth: 110 };
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : fallback;
}

/**
 * Generates the text of libs/contracts/src/generated/events.ts, in memory.
 * Prettier's standalone build formats it (the Node entry point needs ES module
 * loading that jest does not offer), with the repository's options.
 */
export async function generateEventTypes(
  registry: SchemaRegistry,
  root: string = repoRoot(),
): Promise<string> {
  const named = namedSchemas(registry);
  const names = new Map(named.map((entry) => [entry.uri, entry.name]));
  const declarations: string[] = [];
  for (const entry of named) {
    const prepared = prepare(entry.schema, entry.baseUri, registry, names);
    const ts = await compile(prepared as Parameters<typeof compile>[0], entry.name, {
      bannerComment: '',
      format: false,
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      strictIndexSignatures: true,
      unknownAny: true,
      declareExternallyReferenced: true,
      unreachableDefinitions: false,
    });
    declarations.push(ts.trim());
  }

  const types = registry.types();
  const map = types.map((type) => `  '${type}': ${dataTypeName(type)};`).join('\n');
  const source = `${BANNER}

${declarations.join('\n\n')}

/** The data interface of each event type. */
export interface BeaconEventDataMap {
${map}
}

/** Every event type that has a schema. */
export type BeaconEventType = keyof BeaconEventDataMap;

/** The data of any event. */
export type BeaconEventData = BeaconEventDataMap[BeaconEventType];

/** An event type with its data; switch on \`type\` to narrow \`data\`. */
export type TypedBeaconEventData = {
  [T in BeaconEventType]: { readonly type: T; readonly data: BeaconEventDataMap[T] };
}[BeaconEventType];

/** Every event type that has a schema, sorted. */
export const BEACON_EVENT_TYPES: readonly BeaconEventType[] = [${types.map((t) => `'${t}'`).join(', ')}];
`;
  return format(source, {
    parser: 'typescript',
    plugins: [estreePlugin, typescriptPlugin],
    ...prettierOptions(root),
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const root = repoRoot();
  const target = join(root, EVENTS_TS);
  const text = await generateEventTypes(SchemaRegistry.load(join(root, 'schemas')), root);
  if (argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) {
      console.log(`${relative(root, target)} is up to date`);
      return 0;
    }
    console.error(`${relative(root, target)} is stale: run npx tsx scripts/contracts/generate-types.ts`);
    return 1;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${relative(root, target)}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
