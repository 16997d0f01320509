/**
 * Just enough of JSON Schema 2020-12 reference handling for Beacon's own
 * schemas: resolve `$ref` against `$id` base URIs and JSON-pointer fragments,
 * and inline every reference so that walkers (category check, compatibility
 * check, AsyncAPI export, type generation) see one self-contained tree.
 * Ajv does its own resolution for validation; this module is for reading
 * schemas, not for validating data.
 */

/** A JSON Schema: an object of keywords, or `true` / `false`. */
export type JsonSchema = JsonSchemaObject | boolean;

/** A JSON Schema object; keywords are read through the helpers below. */
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

/** Schemas by absolute URI (their `$id` without a fragment). */
export type SchemaResources = ReadonlyMap<string, JsonSchema>;

/** Keywords whose value is one subschema. */
export const SINGLE_SUBSCHEMA_KEYWORDS = [
  'items',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
/** Keywords whose value is an array of subschemas. */
export const SUBSCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
export const SUBSCHEMA_MAP_KEYWORDS = [
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
] as const;

/**
 * Keywords that describe but never constrain; they may sit beside a `$ref`
 * and win over the referenced schema's own (a use site may re-categorise a
 * shared code list, for example).
 */
export const ANNOTATION_KEYWORDS = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'x-beacon-category',
]);

/** Tells whether `value` is a schema object (not a boolean schema, not an array). */
export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Collects every resource (`$id`, also nested ones) of the given schemas by absolute URI. */
export function indexResources(schemas: readonly JsonSchema[]): Map<string, JsonSchema> {
  const resources = new Map<string, JsonSchema>();
  const visit = (node: unknown, base: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child, base));
      return;
    }
    if (!isSchemaObject(node)) return;
    let here = base;
    if (typeof node.$id === 'string') {
      here = base === undefined ? node.$id : new URL(node.$id, base).href;
      const uri = stripFragment(here);
      if (resources.has(uri) && resources.get(uri) !== node)
        throw new Error(`two schemas have the $id ${uri}`);
      resources.set(uri, node);
    }
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === 'enum' || keyword === 'const' || keyword === 'examples' || keyword === 'default')
        continue;
      visit(value, here);
    }
  };
  schemas.forEach((schema) => visit(schema, undefined));
  return resources;
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

/** Where a `$ref` leads: the schema and the base URI that applies inside it. */
export interface ResolvedRef {
  readonly schema: JsonSchema;
  /** Absolute URI of the target, fragment included. */
  readonly uri: string;
  /** Base URI for references inside the target. */
  readonly baseUri: string;
}

/**
 * Resolves `ref` relative to `baseUri`. Supports absolute and relative URIs
 * and JSON pointer fragments; plain-name anchors are not used by Beacon and
 * are refused rather than guessed.
 */
export function resolveRef(ref: string, baseUri: string, resources: SchemaResources): ResolvedRef {
  const uri = new URL(ref, baseUri).href;
  const resourceUri = stripFragment(uri);
  const resource = resources.get(resourceUri);
  if (resource === undefined)
    throw new Error(`$ref "${ref}" (from ${baseUri}) names no known schema: ${resourceUri}`);
  const fragment = decodeURIComponent(uri.slice(resourceUri.length + 1));
  if (fragment === '' || uri.indexOf('#') === -1)
    return { schema: resource, uri: resourceUri, baseUri: resourceUri };
  if (!fragment.startsWith('/'))
    throw new Error(`$ref "${ref}": anchors are not supported, use a JSON pointer`);
  let node: unknown = resource;
  for (const token of fragment.slice(1).split('/').map(unescapePointerToken)) {
    if (isSchemaObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
    else if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < node.length) {
      node = node[Number(token)];
    } else throw new Error(`$ref "${ref}" (from ${baseUri}) points at nothing`);
  }
  if (typeof node !== 'boolean' && !isSchemaObject(node))
    throw new Error(`$ref "${ref}" does not point at a schema`);
  return { schema: node, uri: `${resourceUri}#${fragment}`, baseUri: resourceUri };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Returns a copy of `schema` with every `$ref` replaced by what it points
 * at, and without `$defs` (nothing refers to them any more). Annotations
 * beside a `$ref` win over the target's; a validation keyword beside a
 * `$ref` must agree with the target's, because merging two different limits
 * into one would misstate what the validator enforces.
 *
 * Throws on an unknown target or a recursive reference: Beacon's event data
 * is a finite tree, and an inlined copy of a recursive schema would be infinite.
 */
export function dereference(schema: JsonSchema, resources: SchemaResources, baseUri?: string): JsonSchema {
  const rootBase =
    baseUri ??
    (isSchemaObject(schema) && typeof schema.$id === 'string' ? schema.$id : 'urn:beacon:anonymous');
  const inline = (node: unknown, base: string, expanding: readonly string[], isRoot: boolean): unknown => {
    if (typeof node === 'boolean') return node;
    if (!isSchemaObject(node)) return node;
    const here = typeof node.$id === 'string' ? new URL(node.$id, base).href : base;
    const out: JsonSchemaObject = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === '$ref' || keyword === '$defs') continue;
      if (!isRoot && (keyword === '$id' || keyword === '$schema')) continue;
      out[keyword] = inlineKeyword(keyword, value, here, expanding);
    }
    if (typeof node.$ref !== 'string') return out;

    const target = resolveRef(node.$ref, here, resources);
    if (expanding.includes(target.uri)) {
      throw new Error(
        `recursive $ref ${target.uri} cannot be inlined (${[...expanding, target.uri].join(' -> ')})`,
      );
    }
    const inlined = inline(target.schema, target.baseUri, [...expanding, target.uri], false);
    if (typeof inlined === 'boolean') {
      if (Object.keys(out).some((k) => !ANNOTATION_KEYWORDS.has(k))) {
        throw new Error(
          `$ref ${target.uri} is a boolean schema; it cannot have validation keywords beside it`,
        );
      }
      return inlined;
    }
    const merged: JsonSchemaObject = { ...(inlined as JsonSchemaObject) };
    for (const [keyword, value] of Object.entries(out)) {
      if (
        ANNOTATION_KEYWORDS.has(keyword) ||
        keyword === '$id' ||
        keyword === '$schema' ||
        !(keyword in merged)
      ) {
        merged[keyword] = value;
      } else if (!sameJson(merged[keyword], value)) {
        throw new Error(`"${keyword}" beside $ref ${target.uri} differs from the referenced schema's own`);
      }
    }
    return merged;
  };
  const inlineKeyword = (
    keyword: string,
    value: unknown,
    base: string,
    expanding: readonly string[],
  ): unknown => {
    if ((SINGLE_SUBSCHEMA_KEYWORDS as readonly string[]).includes(keyword))
      return inline(value, base, expanding, false);
    if ((SUBSCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
      return value.map((child) => inline(child, base, expanding, false));
    }
    if ((SUBSCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isSchemaObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, inline(child, base, expanding, false)]),
      );
    }
    return value;
  };
  return inline(schema, rootBase, [], true) as JsonSchema;
}
