import { BeaconCategory, CATEGORY_KEYWORD, isBeaconCategory } from './categories';
import {
  JsonSchema,
  JsonSchemaObject,
  SchemaResources,
  dereference,
  escapePointerToken,
  isSchemaObject,
} from './schema-ref';

/**
 * What the category walker found wrong at one path.
 *
 * - `missing-category`: a leaf without `x-beacon-category` (redaction would withhold it from everyone).
 * - `unknown-category`: a category outside the vocabulary.
 * - `conflicting-category`: two branches of a union give one path different categories.
 * - `category-on-container`: a category on an object or array; it belongs on the leaves (for an
 *   array, on its `items`), because redaction decides per leaf.
 * - `open-object`: an object that accepts fields its schema does not name.
 * - `unbounded`: a string without `maxLength`, a number without `minimum`/`maximum`, an array
 *   without `maxItems`, or a leaf without a type.
 * - `unsupported`: a construct the walker cannot prove closed and categorised.
 */
export type CategoryProblemKind =
  | 'missing-category'
  | 'unknown-category'
  | 'conflicting-category'
  | 'category-on-container'
  | 'open-object'
  | 'unbounded'
  | 'unsupported';

/** One problem, at a data path such as `/subject/aliases/*`. */
export interface CategoryProblem {
  readonly path: string;
  readonly kind: CategoryProblemKind;
  readonly message: string;
}

/** The result of {@link checkCategories}. */
export interface CategoryReport {
  /** Paths of leaves without a (valid) category. */
  readonly uncategorisedLeaves: string[];
  /** Paths of objects without `additionalProperties: false`. */
  readonly openObjects: string[];
  /** Every problem, the two lists above included. */
  readonly problems: CategoryProblem[];
  /** Each categorised leaf path and its category, in schema order. */
  readonly categories: Map<string, BeaconCategory>;
}

/** Options of {@link checkCategories}. */
export interface CategoryCheckOptions {
  /** Schemas that `$ref`s may point to, by `$id`; not needed for a schema without references. */
  readonly resources?: SchemaResources;
}

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'] as const;
// Conditionals only add constraints to a value already described elsewhere; they must not bring fields of their own.
const CONDITIONAL = ['if', 'then', 'else', 'not'] as const;

function typesOf(node: JsonSchemaObject): string[] {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((t): t is string => typeof t === 'string');
  return [];
}

/**
 * Walks a schema, resolving `$ref`s, and reports every leaf without a data
 * category, every object that is not closed with `additionalProperties: false`,
 * and every string, number or array without bounds.
 *
 * The rules (the catalogue in docs/event-catalogue.md states them for people):
 * - a leaf is any schema that is neither an object with properties nor an
 *   array; it carries `x-beacon-category`;
 * - an array never carries a category: its `items` schema does, so the path
 *   of an array of strings is `/subject/aliases/*`;
 * - an object carries no category and has `additionalProperties: false`; an
 *   object schema that is only a union (`oneOf`/`anyOf` of closed objects)
 *   counts as closed;
 * - the branches of a union are walked at the same path; a category on the
 *   union applies to leaf branches that have none.
 */
export function checkCategories(schema: JsonSchema, options: CategoryCheckOptions = {}): CategoryReport {
  const inlined = dereference(schema, options.resources ?? new Map());
  const problems: CategoryProblem[] = [];
  const categories = new Map<string, BeaconCategory>();
  const report = (path: string, kind: CategoryProblemKind, message: string): void => {
    problems.push({ path, kind, message });
  };

  const walk = (node: JsonSchema, path: string, inherited: unknown): void => {
    const where = path === '' ? 'the root' : path;
    if (node === false) return; // accepts no value: nothing to categorise
    if (node === true) {
      report(path, 'missing-category', `${where} accepts any value and has no category`);
      report(path, 'unbounded', `${where} accepts any value`);
      return;
    }
    const category = node[CATEGORY_KEYWORD];
    for (const keyword of CONDITIONAL) {
      const sub = node[keyword];
      if (isSchemaObject(sub) && (sub.properties !== undefined || sub.items !== undefined)) {
        report(
          path,
          'unsupported',
          `"${keyword}" at ${where} describes fields; describe them in "properties"`,
        );
      }
    }
    for (const keyword of ['patternProperties', 'dependentSchemas', 'prefixItems', 'unevaluatedProperties']) {
      if (node[keyword] !== undefined) {
        report(
          path,
          'unsupported',
          `"${keyword}" at ${where} is not supported: it hides fields from the walker`,
        );
      }
    }

    const branches = COMPOSITION.flatMap((keyword) =>
      Array.isArray(node[keyword]) ? (node[keyword] as JsonSchema[]) : [],
    );
    const types = typesOf(node);
    const isObject = types.includes('object') || node.properties !== undefined;
    const isArray = types.includes('array') || node.items !== undefined;

    if (branches.length > 0) {
      // A union passes its category down so that a union of leaves may be categorised once.
      for (const branch of branches) walk(branch, path, category ?? inherited);
      if (!isObject && !isArray) return;
      if (isObject && node.properties === undefined) {
        if (category !== undefined)
          report(path, 'category-on-container', `${where} is an object; put categories on its fields`);
        return;
      }
    }

    if (isObject) {
      if (category !== undefined)
        report(path, 'category-on-container', `${where} is an object; put categories on its fields`);
      if (node.additionalProperties !== false) {
        report(path, 'open-object', `${where} is an object without "additionalProperties": false`);
      }
      const properties = isSchemaObject(node.properties) ? node.properties : {};
      for (const [name, child] of Object.entries(properties)) {
        walk(child as JsonSchema, `${path}/${escapePointerToken(name)}`, undefined);
      }
      return;
    }
    if (isArray) {
      if (category !== undefined) {
        report(path, 'category-on-container', `${where} is an array; put the category on its "items"`);
      }
      if (typeof node.maxItems !== 'number')
        report(path, 'unbounded', `${where} is an array without "maxItems"`);
      if (node.items === undefined) {
        report(`${path}/*`, 'missing-category', `the items of ${where} are not described`);
        return;
      }
      walk(node.items as JsonSchema, `${path}/*`, undefined);
      return;
    }

    // A leaf.
    const effective = category ?? inherited;
    if (effective === undefined) {
      report(path, 'missing-category', `${where} has no "${CATEGORY_KEYWORD}"`);
    } else if (!isBeaconCategory(effective)) {
      report(path, 'unknown-category', `${where} has the unknown category ${JSON.stringify(effective)}`);
    } else {
      const earlier = categories.get(path);
      if (earlier !== undefined && earlier !== effective) {
        report(
          path,
          'conflicting-category',
          `${where} is "${earlier}" in one branch and "${effective}" in another`,
        );
      } else {
        categories.set(path, effective);
      }
    }
    checkBounds(node, path, where, types, report);
  };

  walk(inlined, '', undefined);
  return {
    uncategorisedLeaves: problems
      .filter((p) => p.kind === 'missing-category' || p.kind === 'unknown-category')
      .map((p) => p.path),
    openObjects: problems.filter((p) => p.kind === 'open-object').map((p) => p.path),
    problems,
    categories,
  };
}

function checkBounds(
  node: JsonSchemaObject,
  path: string,
  where: string,
  types: string[],
  report: (path: string, kind: CategoryProblemKind, message: string) => void,
): void {
  // A fixed set of values bounds itself.
  if (node.enum !== undefined || node.const !== undefined) return;
  if (types.length === 0) {
    report(path, 'unbounded', `${where} has no "type"`);
    return;
  }
  if (types.includes('string') && typeof node.maxLength !== 'number') {
    report(path, 'unbounded', `${where} is a string without "maxLength"`);
  }
  if (types.includes('number') || types.includes('integer')) {
    if (typeof node.minimum !== 'number' && typeof node.exclusiveMinimum !== 'number') {
      report(path, 'unbounded', `${where} is a number without "minimum"`);
    }
    if (typeof node.maximum !== 'number' && typeof node.exclusiveMaximum !== 'number') {
      report(path, 'unbounded', `${where} is a number without "maximum"`);
    }
  }
}
