import {
  ANNOTATION_KEYWORDS,
  JsonSchema,
  JsonSchemaObject,
  escapePointerToken,
  isSchemaObject,
} from './schema-ref';

/**
 * Schema evolution rules in the spirit of Confluent Schema Registry's
 * BACKWARD mode, for closed JSON Schema content models: a newer schema is
 * backward compatible with an older one when every value the older accepts,
 * the newer accepts too — so consumers upgraded to the new version can still
 * read everything already on the log.
 *
 * The checker proves compatibility keyword by keyword and refuses what it
 * cannot prove (a changed `allOf`, a new `pattern`), because a false "compatible"
 * would break consumers while a false "incompatible" only costs a new major type.
 * Give it schemas without `$ref`s (see `SchemaRegistry.resolvedSchemaFor`).
 */

/** One reason a newer schema cannot read data written for an older one. */
export interface CompatibilityProblem {
  /** Data path, `''` for the root, `/*` for array items: `/subject/aliases/*`. */
  readonly path: string;
  readonly message: string;
}

/** The result of {@link checkBackward} and {@link checkBackwardTransitive}. */
export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly problems: CompatibilityProblem[];
}

/** Options of the compatibility checks. */
export interface CompatibilityOptions {
  /**
   * Whether readers fill in `default`s before validating. Only then may a
   * new required field with a default be added: old data does not carry it,
   * and a validator that does not apply defaults would refuse that data.
   * Beacon's `SchemaRegistry.validate` does not apply defaults. Default `false`.
   */
  readonly readerAppliesDefaults?: boolean;
}

// Keywords this checker understands; any other keyword must be the same in both versions.
const HANDLED = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
  'pattern',
  'format',
  'multipleOf',
  'uniqueItems',
  'anyOf',
  'oneOf',
  'discriminator',
  '$id',
  '$schema',
  '$defs',
]);

type Report = (path: string, message: string) => void;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function typeSet(schema: JsonSchemaObject): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return undefined;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeAccepts(types: readonly string[], type: string): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function allowedValues(schema: JsonSchemaObject): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function describeValidation(schema: JsonSchemaObject): string[] {
  return Object.keys(schema).filter(
    (k) => !ANNOTATION_KEYWORDS.has(k) && !k.startsWith('x-') && k !== '$id' && k !== '$schema',
  );
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function upperBound(schema: JsonSchemaObject): Bound | undefined {
  const candidates: Bound[] = [];
  if (typeof schema.maximum === 'number') candidates.push({ value: schema.maximum, exclusive: false });
  if (typeof schema.exclusiveMaximum === 'number')
    candidates.push({ value: schema.exclusiveMaximum, exclusive: true });
  return candidates.sort((a, b) => a.value - b.value || Number(b.exclusive) - Number(a.exclusive))[0];
}

function lowerBound(schema: JsonSchemaObject): Bound | undefined {
  const candidates: Bound[] = [];
  if (typeof schema.minimum === 'number') candidates.push({ value: schema.minimum, exclusive: false });
  if (typeof schema.exclusiveMinimum === 'number')
    candidates.push({ value: schema.exclusiveMinimum, exclusive: true });
  return candidates.sort((a, b) => b.value - a.value || Number(b.exclusive) - Number(a.exclusive))[0];
}

function showBound(bound: Bound | undefined, upper: boolean): string {
  if (bound === undefined) return 'none';
  return `${upper ? (bound.exclusive ? '<' : '≤') : bound.exclusive ? '>' : '≥'} ${bound.value}`;
}

function compareBounds(newer: JsonSchemaObject, older: JsonSchemaObject, path: string, report: Report): void {
  const newerUpper = upperBound(newer);
  const olderUpper = upperBound(older);
  if (
    newerUpper !== undefined &&
    (olderUpper === undefined ||
      newerUpper.value < olderUpper.value ||
      (newerUpper.value === olderUpper.value && newerUpper.exclusive && !olderUpper.exclusive))
  ) {
    report(path, `maximum tightened from ${showBound(olderUpper, true)} to ${showBound(newerUpper, true)}`);
  }
  const newerLower = lowerBound(newer);
  const olderLower = lowerBound(older);
  if (
    newerLower !== undefined &&
    (olderLower === undefined ||
      newerLower.value > olderLower.value ||
      (newerLower.value === olderLower.value && newerLower.exclusive && !olderLower.exclusive))
  ) {
    report(path, `minimum raised from ${showBound(olderLower, false)} to ${showBound(newerLower, false)}`);
  }
  for (const [keyword, what] of [
    ['maxLength', 'characters'],
    ['maxItems', 'items'],
    ['maxProperties', 'fields'],
  ] as const) {
    const n = newer[keyword];
    const o = older[keyword];
    if (typeof n === 'number' && (typeof o !== 'number' || n < o)) {
      report(path, `${keyword} tightened from ${typeof o === 'number' ? o : 'none'} to ${n} ${what}`);
    }
  }
  for (const [keyword, what] of [
    ['minLength', 'characters'],
    ['minItems', 'items'],
    ['minProperties', 'fields'],
  ] as const) {
    const n = newer[keyword];
    const o = older[keyword];
    if (typeof n === 'number' && n > 0 && (typeof o !== 'number' || n > o)) {
      report(path, `${keyword} raised from ${typeof o === 'number' ? o : 'none'} to ${n} ${what}`);
    }
  }
}

function unionBranches(schema: JsonSchemaObject): JsonSchema[] | undefined {
  if (Array.isArray(schema.anyOf)) return schema.anyOf as JsonSchema[];
  // A oneOf whose branches a discriminator tells apart cannot match twice, so it reads like anyOf.
  if (Array.isArray(schema.oneOf) && isSchemaObject(schema.discriminator))
    return schema.oneOf as JsonSchema[];
  return undefined;
}

function withoutUnion(schema: JsonSchemaObject): JsonSchemaObject {
  const { anyOf: _anyOf, oneOf: _oneOf, discriminator: _discriminator, ...rest } = schema;
  return rest;
}

function tagOf(branch: JsonSchema, tag: string | undefined): unknown {
  if (tag === undefined || !isSchemaObject(branch) || !isSchemaObject(branch.properties)) return undefined;
  const property = branch.properties[tag];
  return isSchemaObject(property) ? property.const : undefined;
}

class Checker {
  constructor(private readonly options: CompatibilityOptions) {}

  /** Reports every way in which `newer` refuses a value `older` accepts. */
  compare(newer: JsonSchema, older: JsonSchema, path: string, report: Report): void {
    if (newer === true || older === false) return;
    if (newer === false) {
      report(path, 'no value is accepted any more');
      return;
    }
    if (older === true) {
      const constraints = describeValidation(newer);
      if (constraints.length > 0) {
        report(
          path,
          `the older schema accepted any value here; the newer one adds ${constraints.join(', ')}`,
        );
      }
      return;
    }
    for (const schema of [newer, older]) {
      if (typeof schema.$ref === 'string') {
        report(path, `unresolved $ref ${schema.$ref}: compare schemas with their references inlined`);
        return;
      }
    }
    if (this.compareUnions(newer, older, path, report)) return;

    for (const keyword of new Set([...Object.keys(newer), ...Object.keys(older)])) {
      if (HANDLED.has(keyword) || ANNOTATION_KEYWORDS.has(keyword) || keyword.startsWith('x-')) continue;
      if (!sameJson(newer[keyword], older[keyword])) {
        report(path, `"${keyword}" changed; the checker cannot prove old data still matches`);
      }
    }
    this.compareTypes(newer, older, path, report);
    this.compareValues(newer, older, path, report);
    compareBounds(newer, older, path, report);
    this.compareStrings(newer, older, path, report);
    this.compareObjects(newer, older, path, report);
    this.compareArrays(newer, older, path, report);
  }

  /** Returns true when a union was found and handled. */
  private compareUnions(
    newer: JsonSchemaObject,
    older: JsonSchemaObject,
    path: string,
    report: Report,
  ): boolean {
    for (const schema of [newer, older]) {
      if (
        Array.isArray(schema.oneOf) &&
        !isSchemaObject(schema.discriminator) &&
        !sameJson(newer.oneOf, older.oneOf)
      ) {
        report(
          path,
          '"oneOf" without a discriminator changed; the checker cannot prove old data still matches exactly one branch',
        );
        return true;
      }
    }
    const newerBranches = unionBranches(newer);
    const olderBranches = unionBranches(older);
    if (newerBranches === undefined && olderBranches === undefined) return false;

    // Each older alternative on its own must be readable by the newer schema.
    const olderBase = withoutUnion(older);
    const olderAlternatives =
      olderBranches === undefined
        ? [older]
        : olderBranches.map((branch) => (isSchemaObject(branch) ? { ...olderBase, ...branch } : branch));
    const tag = isSchemaObject(newer.discriminator) ? String(newer.discriminator.propertyName) : undefined;

    for (const alternative of olderAlternatives) {
      if (newerBranches === undefined) {
        this.compare(newer, alternative, path, report);
        continue;
      }
      // The newer union's own keywords (type: object) apply to every branch.
      this.compare(withoutUnion(newer), alternative, path, report);
      const attempts = newerBranches.map((branch) => {
        const problems: CompatibilityProblem[] = [];
        this.compare(branch, alternative, path, (p, m) => problems.push({ path: p, message: m }));
        return { branch, problems };
      });
      if (attempts.some((attempt) => attempt.problems.length === 0)) continue;
      const tagValue = tagOf(alternative, tag);
      const matching = attempts.find(
        (attempt) => tagValue !== undefined && tagOf(attempt.branch, tag) === tagValue,
      );
      if (matching !== undefined) {
        matching.problems.forEach((p) => report(p.path, p.message));
      } else if (tagValue !== undefined) {
        report(path, `the kind ${show(tagValue)} (${tag}) was removed from the union`);
      } else {
        report(path, 'no branch of the newer union accepts everything an older alternative accepted');
      }
    }
    return true;
  }

  private compareTypes(newer: JsonSchemaObject, older: JsonSchemaObject, path: string, report: Report): void {
    const newerTypes = typeSet(newer);
    if (newerTypes === undefined) return;
    const olderTypes = typeSet(older);
    if (olderTypes === undefined) {
      const values = allowedValues(older);
      if (values === undefined) {
        report(
          path,
          `type narrowed: the older schema accepted any type, the newer only ${newerTypes.join(' or ')}`,
        );
        return;
      }
      for (const value of values) {
        if (!typeAccepts(newerTypes, jsonTypeOf(value))) {
          report(path, `type narrowed: the older value ${show(value)} is not ${newerTypes.join(' or ')}`);
        }
      }
      return;
    }
    for (const type of olderTypes) {
      if (typeAccepts(newerTypes, type)) continue;
      // An older number whose values are all whole is still fine under integer.
      const values = allowedValues(older);
      if (type === 'number' && newerTypes.includes('integer') && values?.every((v) => Number.isInteger(v)))
        continue;
      report(
        path,
        `type narrowed from ${olderTypes.join(' or ')} to ${newerTypes.join(' or ')}: ${type} is no longer accepted`,
      );
    }
  }

  private compareValues(
    newer: JsonSchemaObject,
    older: JsonSchemaObject,
    path: string,
    report: Report,
  ): void {
    const newerValues = allowedValues(newer);
    if (newerValues === undefined) return;
    const olderValues = allowedValues(older);
    if (olderValues === undefined) {
      report(
        path,
        `enum added: the older schema accepted any value here, the newer only ${newerValues.map(show).join(', ')}`,
      );
      return;
    }
    const removed = olderValues.filter(
      (value) => !newerValues.some((candidate) => sameJson(candidate, value)),
    );
    if (removed.length > 0)
      report(path, `enum value${removed.length === 1 ? '' : 's'} removed: ${removed.map(show).join(', ')}`);
  }

  private compareStrings(
    newer: JsonSchemaObject,
    older: JsonSchemaObject,
    path: string,
    report: Report,
  ): void {
    if (newer.format !== undefined && newer.format !== older.format) {
      report(
        path,
        older.format === undefined
          ? `format ${show(newer.format)} added`
          : `format changed from ${show(older.format)} to ${show(newer.format)}`,
      );
    }
    if (newer.pattern !== undefined && newer.pattern !== older.pattern) {
      report(
        path,
        older.pattern === undefined
          ? `pattern ${show(newer.pattern)} added`
          : `pattern changed from ${show(older.pattern)} to ${show(newer.pattern)}`,
      );
    }
    if (typeof newer.multipleOf === 'number') {
      const o = older.multipleOf;
      if (typeof o !== 'number' || !Number.isInteger(o / newer.multipleOf)) {
        report(path, `multipleOf ${newer.multipleOf} added or changed`);
      }
    }
    if (newer.uniqueItems === true && older.uniqueItems !== true) report(path, 'uniqueItems added');
  }

  private compareObjects(
    newer: JsonSchemaObject,
    older: JsonSchemaObject,
    path: string,
    report: Report,
  ): void {
    const newerProps = isSchemaObject(newer.properties) ? newer.properties : {};
    const olderProps = isSchemaObject(older.properties) ? older.properties : {};
    const newerRest: JsonSchema = (newer.additionalProperties as JsonSchema | undefined) ?? true;
    const olderRest: JsonSchema = (older.additionalProperties as JsonSchema | undefined) ?? true;
    const isObjectSchema = (s: JsonSchemaObject) =>
      s.properties !== undefined || s.additionalProperties !== undefined || s.required !== undefined;
    if (!isObjectSchema(newer) && !isObjectSchema(older)) return;

    const has = (props: object, name: string) => Object.prototype.hasOwnProperty.call(props, name);
    for (const [name, olderChild] of Object.entries(olderProps)) {
      const childPath = `${path}/${escapePointerToken(name)}`;
      if (has(newerProps, name)) {
        this.compare(newerProps[name] as JsonSchema, olderChild as JsonSchema, childPath, report);
      } else if (newerRest === false) {
        report(
          childPath,
          'field removed: the content model is closed, so old data that has it would be rejected',
        );
      } else {
        this.compare(newerRest, olderChild as JsonSchema, childPath, report);
      }
    }
    for (const [name, newerChild] of Object.entries(newerProps)) {
      if (has(olderProps, name)) continue;
      // Old data could carry this field only if the older model was open.
      if (olderRest !== false)
        this.compare(newerChild as JsonSchema, olderRest, `${path}/${escapePointerToken(name)}`, report);
    }
    if (newerRest !== true && olderRest !== false) {
      if (newerRest === false) {
        report(
          path,
          'additionalProperties: false added: old data with fields the older schema did not name would be rejected',
        );
      } else {
        this.compare(newerRest, olderRest, `${path}/*`, report);
      }
    }

    const newerRequired = Array.isArray(newer.required) ? newer.required.map(String) : [];
    const olderRequired = new Set(Array.isArray(older.required) ? older.required.map(String) : []);
    for (const name of newerRequired) {
      if (olderRequired.has(name)) continue;
      const childPath = `${path}/${escapePointerToken(name)}`;
      const child = newerProps[name];
      const hasDefault = isSchemaObject(child) && child.default !== undefined;
      if (has(olderProps, name)) {
        if (!(hasDefault && this.options.readerAppliesDefaults))
          report(childPath, 'optional field became required');
      } else if (!hasDefault) {
        report(childPath, 'required field added without a default: old data does not have it');
      } else if (!this.options.readerAppliesDefaults) {
        report(
          childPath,
          'required field added with a default, but readers do not apply defaults, so old data would be rejected',
        );
      }
    }
  }

  private compareArrays(
    newer: JsonSchemaObject,
    older: JsonSchemaObject,
    path: string,
    report: Report,
  ): void {
    if (newer.items === undefined) return;
    this.compare(
      newer.items as JsonSchema,
      (older.items as JsonSchema | undefined) ?? true,
      `${path}/*`,
      report,
    );
  }
}

/**
 * Checks that `newer` can read every value `older` accepts (BACKWARD).
 * Rules, for closed content models: adding an optional field is fine;
 * adding a required field, removing a field, narrowing a type, removing an
 * enum value, tightening a maximum or maxLength, raising a minimum or
 * minLength, and adding a format or pattern are refused.
 */
export function checkBackward(
  newer: JsonSchema,
  older: JsonSchema,
  options: CompatibilityOptions = {},
): CompatibilityResult {
  const problems: CompatibilityProblem[] = [];
  new Checker(options).compare(newer, older, '', (path, message) => problems.push({ path, message }));
  return { compatible: problems.length === 0, problems };
}

function label(schema: JsonSchema, index: number): string {
  if (isSchemaObject(schema) && typeof schema.$id === 'string') {
    return schema.$id.slice(schema.$id.lastIndexOf('/') + 1).replace(/\.json$/, '');
  }
  return `version #${index + 1}`;
}

/**
 * Checks a version history, oldest first, in BACKWARD_TRANSITIVE mode:
 * every version can read the data of every version before it, not only of
 * the one just before (a consumer may meet an old event replayed from the log).
 */
export function checkBackwardTransitive(
  versions: readonly JsonSchema[],
  options: CompatibilityOptions = {},
): CompatibilityResult {
  const problems: CompatibilityProblem[] = [];
  for (let newer = 1; newer < versions.length; newer += 1) {
    for (let older = 0; older < newer; older += 1) {
      for (const problem of checkBackward(versions[newer], versions[older], options).problems) {
        problems.push({
          path: problem.path,
          message: `${label(versions[newer], newer)} cannot read ${label(versions[older], older)} data: ${problem.message}`,
        });
      }
    }
  }
  return { compatible: problems.length === 0, problems };
}
