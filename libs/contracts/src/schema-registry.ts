import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { BEACON_CATEGORIES, BeaconCategory, CATEGORY_KEYWORD } from './categories';
import { CategoryReport, checkCategories } from './category-check';
import { EventTypeName, tryParseEventType } from './event-type';
import {
  JsonSchema,
  JsonSchemaObject,
  SchemaResources,
  dereference,
  indexResources,
  isSchemaObject,
  resolveRef,
} from './schema-ref';
import { ValidationError, describeAjvErrors } from './validation-messages';

export type { ValidationError } from './validation-messages';

/** The result of {@link SchemaRegistry.validate}. */
export type ValidationResult = { ok: true } | { ok: false; errors: ValidationError[] };

/** Every schema `$id` starts with this; the rest is the file name under `schemas/`. */
export const SCHEMA_BASE_URI = 'https://schemas.beacon.example/';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
// The folder under schemas/ with shared definitions; schemas/examples/ holds data, not schemas, and is not read here.
const SHARED_DIR = 'common';

interface EventEntry {
  readonly type: string;
  readonly parsed: EventTypeName;
  readonly schema: JsonSchemaObject;
  readonly validate: ValidateFunction;
  resolved?: JsonSchemaObject;
  report?: CategoryReport;
}

function readJson(file: string): JsonSchemaObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!isSchemaObject(parsed)) throw new Error(`${file} does not hold a JSON object`);
  return parsed;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && statSync(join(dir, name)).isFile())
    .sort();
}

/**
 * The default schema folder: `schemas/` of the first folder above this file
 * that holds both `package.json` and `schemas/`. That is the repository root
 * when running from source (ts-jest, tsx) and `/app` in the container, where
 * compiled code sits under `dist/`.
 */
export function defaultSchemasDir(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate) && statSync(candidate).isDirectory()) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no schemas/ folder next to a package.json above ${from}`);
    dir = parent;
  }
}

/**
 * Beacon's event contracts: every schema under `schemas/`, compiled once
 * with Ajv (JSON Schema 2020-12, strict mode, all formats, all errors).
 *
 * Event schemas sit at the top of the folder, one file per type and
 * version (`org.beacon.alert.raised.v1.json`); shared definitions sit in
 * `schemas/common/` and are reached by `$ref`. Construction fails on any
 * schema that does not compile, whose file name is not an event type, or
 * whose `$id` does not match its file, so a broken contract stops a service
 * at start-up rather than at the first event.
 */
export class SchemaRegistry {
  private static readonly loaded = new Map<string, SchemaRegistry>();

  private readonly events = new Map<string, EventEntry>();
  private readonly resources: SchemaResources;
  private readonly shared: JsonSchemaObject[];
  // Tag values of each discriminated union, so "unknown kind" errors can list the allowed ones.
  private readonly discriminatorValues = new WeakMap<object, readonly string[]>();

  /**
   * Loads and compiles every schema of `dir` (default: {@link defaultSchemasDir}).
   * Each folder is read and compiled once per process; later calls return the same registry.
   */
  static load(dir?: string): SchemaRegistry {
    const folder = resolve(dir ?? defaultSchemasDir());
    const cached = SchemaRegistry.loaded.get(folder);
    if (cached !== undefined) return cached;
    const shared = jsonFiles(join(folder, SHARED_DIR)).map((name) => {
      const schema = readJson(join(folder, SHARED_DIR, name));
      const expected = `${SCHEMA_BASE_URI}${SHARED_DIR}/${name}`;
      if (schema.$id !== expected)
        throw new Error(`${SHARED_DIR}/${name}: $id must be ${expected}, not ${String(schema.$id)}`);
      return schema;
    });
    const events = jsonFiles(folder).map((name) => {
      const schema = readJson(join(folder, name));
      const type = name.slice(0, -'.json'.length);
      if (tryParseEventType(type) === undefined)
        throw new Error(`${name}: the file name is not an event type plus .json`);
      const expected = `${SCHEMA_BASE_URI}${name}`;
      if (schema.$id !== expected)
        throw new Error(`${name}: $id must be ${expected}, not ${String(schema.$id)}`);
      return schema;
    });
    const registry = new SchemaRegistry(events, shared);
    SchemaRegistry.loaded.set(folder, registry);
    return registry;
  }

  /**
   * Builds a registry from schemas in memory (tests, tools). The event type
   * of each event schema is the last segment of its `$id` without `.json`.
   */
  static fromSchemas(
    eventSchemas: readonly JsonSchemaObject[],
    sharedSchemas: readonly JsonSchemaObject[] = [],
  ): SchemaRegistry {
    return new SchemaRegistry(eventSchemas, sharedSchemas);
  }

  private constructor(eventSchemas: readonly JsonSchemaObject[], sharedSchemas: readonly JsonSchemaObject[]) {
    for (const schema of [...sharedSchemas, ...eventSchemas]) {
      if (schema.$schema !== DRAFT_2020_12) {
        throw new Error(`${String(schema.$id)}: "$schema" must be ${DRAFT_2020_12}`);
      }
    }
    this.shared = [...sharedSchemas];
    this.resources = indexResources([...sharedSchemas, ...eventSchemas]);

    const ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      // Union types (["string", "null"]) are plain JSON Schema; strict mode would otherwise refuse them.
      allowUnionTypes: true,
      // Lets a union of closed objects report the one branch its tag selects instead of every branch.
      discriminator: true,
      // Error messages need the failing data and schema (e.g. which tag values a union allows).
      verbose: true,
    });
    addFormats(ajv);
    ajv.addKeyword({
      keyword: CATEGORY_KEYWORD,
      schemaType: 'string',
      metaSchema: { type: 'string', enum: [...BEACON_CATEGORIES] },
    });
    for (const schema of sharedSchemas) ajv.addSchema(schema);

    for (const schema of eventSchemas) {
      const id = String(schema.$id);
      const type = id.slice(id.lastIndexOf('/') + 1).replace(/\.json$/, '');
      const parsed = tryParseEventType(type);
      if (parsed === undefined) throw new Error(`${id}: its last segment is not an event type plus .json`);
      if (this.events.has(type)) throw new Error(`two schemas for ${type}`);
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(schema);
      } catch (error) {
        throw new Error(`${type}: the schema does not compile: ${(error as Error).message}`);
      }
      this.events.set(type, { type, parsed, schema, validate });
    }
    this.indexDiscriminators();
  }

  /** Every event type with a schema, sorted. */
  types(): string[] {
    return [...this.events.keys()].sort();
  }

  /** Tells whether `type` has a schema. */
  has(type: string): boolean {
    return this.events.has(type);
  }

  /** The event types of one name (`alert.raised`), oldest version first. */
  versionsOf(name: string): string[] {
    return [...this.events.values()]
      .filter((entry) => entry.parsed.name === name)
      .sort((a, b) => a.parsed.version - b.parsed.version)
      .map((entry) => entry.type);
  }

  /** Every event name (`alert.raised`, …) once, sorted. */
  names(): string[] {
    return [...new Set([...this.events.values()].map((entry) => entry.parsed.name))].sort();
  }

  /** The schema of `type` as written, `$ref`s and all. Throws for an unknown type. */
  schemaFor(type: string): JsonSchemaObject {
    return this.entry(type).schema;
  }

  /** The `$id` of the schema of `type`: the CloudEvents `dataschema` of its events. */
  dataschemaFor(type: string): string {
    return String(this.entry(type).schema.$id);
  }

  /** The schema of `type` with every `$ref` inlined: one self-contained tree, shared between callers (do not mutate it). */
  resolvedSchemaFor(type: string): JsonSchemaObject {
    const entry = this.entry(type);
    entry.resolved ??= dereference(entry.schema, this.resources) as JsonSchemaObject;
    return entry.resolved;
  }

  /** The shared schemas (`schemas/common/*.json`), in file-name order. */
  sharedSchemas(): JsonSchemaObject[] {
    return [...this.shared];
  }

  /** Every schema resource by `$id`, for tools that resolve `$ref`s themselves. */
  schemaResources(): SchemaResources {
    return this.resources;
  }

  /**
   * Validates the data of an event of `type` (not the envelope). Never
   * throws for any JSON value; an unknown type is an error result too, so
   * intake can pass untrusted `ce_type` values straight in.
   */
  validate(type: string, data: unknown): ValidationResult {
    const entry = this.events.get(type);
    if (entry === undefined) {
      return { ok: false, errors: [{ pointer: '', message: `there is no schema for event type "${type}"` }] };
    }
    if (entry.validate(data)) return { ok: true };
    return {
      ok: false,
      errors: describeAjvErrors(entry.validate.errors ?? [], (union) => this.discriminatorValues.get(union)),
    };
  }

  /**
   * Each leaf path of `type`'s data (`/subject/givenName`, `/subject/aliases/*`
   * for array items) and its data category. A leaf without a category is not
   * in the map, so redaction that looks paths up here withholds it.
   */
  categoryMap(type: string): ReadonlyMap<string, BeaconCategory> {
    return this.categoryReport(type).categories;
  }

  /** The full category check of `type`: uncategorised leaves, open objects, unbounded values. */
  categoryReport(type: string): CategoryReport {
    const entry = this.entry(type);
    entry.report ??= checkCategories(this.resolvedSchemaFor(type));
    return entry.report;
  }

  private entry(type: string): EventEntry {
    const entry = this.events.get(type);
    if (entry === undefined) throw new Error(`there is no schema for event type "${type}"`);
    return entry;
  }

  // Ajv reports an unknown union tag against the schema object that holds
  // `discriminator`; remember, per such object, which tags its branches take.
  private indexDiscriminators(): void {
    const visit = (node: unknown, base: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item) => visit(item, base));
        return;
      }
      if (!isSchemaObject(node)) return;
      const here = typeof node.$id === 'string' ? new URL(node.$id, base).href : base;
      const discriminator = node.discriminator;
      if (
        isSchemaObject(discriminator) &&
        typeof discriminator.propertyName === 'string' &&
        Array.isArray(node.oneOf)
      ) {
        const tag = discriminator.propertyName;
        const values = node.oneOf.flatMap((branch: JsonSchema) => {
          const target =
            isSchemaObject(branch) && typeof branch.$ref === 'string'
              ? resolveRef(branch.$ref, here, this.resources).schema
              : branch;
          const property =
            isSchemaObject(target) && isSchemaObject(target.properties) ? target.properties[tag] : undefined;
          if (!isSchemaObject(property)) return [];
          if (typeof property.const === 'string') return [property.const];
          return Array.isArray(property.enum)
            ? property.enum.filter((v): v is string => typeof v === 'string')
            : [];
        });
        this.discriminatorValues.set(node, values);
      }
      for (const [keyword, value] of Object.entries(node)) {
        if (keyword !== 'enum' && keyword !== 'const' && keyword !== 'examples' && keyword !== 'default')
          visit(value, here);
      }
    };
    for (const resource of this.resources.values()) {
      if (isSchemaObject(resource)) visit(resource, String(resource.$id));
    }
  }
}
