import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { BeaconCategory } from './categories';
import { checkCategories, type CategoryProblem } from './category-check';
import { indexResources, isSchemaObject, type JsonSchemaObject } from './schema-ref';
import { SCHEMA_BASE_URI, SchemaRegistry, defaultSchemasDir } from './schema-registry';

/*
 * API views are the shapes Beacon's HTTP APIs answer with (a referral as the
 * case-worker API shows it). They are not events, so they sit apart, in
 * `schemas/api/`, but they are written the same way: closed objects and a
 * data category on every leaf, so the one decision engine can decide each
 * answer as it decides each delivery.
 */

/** The folder under `schemas/` that holds API view schemas. */
export const API_VIEWS_DIR = 'api';

/** One API view's schema, checked, and the category of each of its leaves. */
export interface ApiView {
  /** The file name without `.json`, e.g. `referral-view.v1`. */
  readonly name: string;
  readonly schema: JsonSchemaObject;
  /** Each leaf path (`/history/*\/by/caseWorker/name`) and its category. */
  readonly categories: ReadonlyMap<string, BeaconCategory>;
}

const loaded = new Map<string, ApiView>();

/**
 * Loads `schemas/api/<name>.json`, resolving `$ref`s to the shared schemas,
 * and checks that every leaf has a category and every object is closed.
 * Loaded once per folder and name.
 *
 * @throws when the file is missing, its `$id` does not match, or the check finds a problem
 */
export function loadApiView(name: string, schemasDir: string = defaultSchemasDir()): ApiView {
  const key = `${schemasDir}\u0000${name}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  if (!/^[a-z0-9][a-z0-9.-]{0,99}$/.test(name)) throw new Error(`"${name}" is not an API view name`);
  const file = join(schemasDir, API_VIEWS_DIR, `${name}.json`);
  if (!existsSync(file)) throw new Error(`there is no API view schema ${API_VIEWS_DIR}/${name}.json`);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isSchemaObject(parsed)) throw new Error(`${API_VIEWS_DIR}/${name}.json does not hold a JSON object`);
  const expected = `${SCHEMA_BASE_URI}${API_VIEWS_DIR}/${name}.json`;
  if (parsed.$id !== expected)
    throw new Error(`${API_VIEWS_DIR}/${name}.json: $id must be ${expected}, not ${String(parsed.$id)}`);
  const resources = new Map(SchemaRegistry.load(schemasDir).schemaResources());
  for (const [uri, schema] of indexResources([parsed])) resources.set(uri, schema);
  const report = checkCategories(parsed, { resources });
  const blocking = report.problems.filter((p: CategoryProblem) => p.kind !== 'unbounded');
  if (blocking.length > 0) {
    throw new Error(
      `${API_VIEWS_DIR}/${name}.json: ${blocking.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`,
    );
  }
  const view: ApiView = { name, schema: parsed, categories: report.categories };
  loaded.set(key, view);
  return view;
}
