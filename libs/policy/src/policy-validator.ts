import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
// Imported, not read from disk: the lib stays free of fs, and the schema
// that validates is byte for byte the one published in config/policies/.
import policySchema from '../../../config/policies/policy.schema.json';
import { canonicalJson, sha256Hex } from './canonical-json';
import { escapeToken } from './json-pointer';
import type { CompiledPolicy, PolicyDocument, RoutingFlow } from './policy.types';
import { BREAK_GLASS_PURPOSE, CATEGORIES, SECTORS } from './vocabulary';

/** One thing wrong with a policy, at a JSON pointer into the policy document. */
export interface PolicyError {
  readonly pointer: string;
  readonly message: string;
}

/** The result of {@link compilePolicy}. */
export type PolicyCompileResult =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

/** Options of {@link compilePolicy}. */
export interface CompilePolicyOptions {
  /** SHA-256 (hex) of the file's bytes, when the loader has it; carried into every decision record. */
  readonly fileSha256?: string;
}

let compiled: ValidateFunction | undefined;

// Compiled on first use, once per process: ajv compilation costs milliseconds,
// validation microseconds.
function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
    addFormats(ajv);
    compiled = ajv.compile(policySchema);
  }
  return compiled;
}

function describeAjvError(error: ErrorObject): PolicyError {
  // A bad key inside an object: point at the key, not at the object.
  if (error.propertyName !== undefined) {
    return {
      pointer: `${error.instancePath}/${escapeToken(error.propertyName)}`,
      message: `is not an acceptable name: ${error.message ?? error.keyword}`,
    };
  }
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { pointer: `${error.instancePath}/${escapeToken(missing)}`, message: 'is required' };
    }
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      return {
        pointer: `${error.instancePath}/${escapeToken(extra)}`,
        message: 'is not allowed here (unknown property)',
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return { pointer: error.instancePath, message: `must be one of ${allowed.map(String).join(', ')}` };
    }
    default:
      return { pointer: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}

/**
 * Checks a parsed policy document against `config/policies/policy.schema.json`
 * and against the rules a schema cannot say (unique ids, facets that exist,
 * no grant for the break-glass purpose). Never throws: any input, however
 * malformed, gives a list of errors, each with a JSON pointer.
 *
 * @returns an empty array when the policy is valid
 */
export function validatePolicy(document: unknown): PolicyError[] {
  const validate = schemaValidator();
  if (!validate(document)) {
    const seen = new Set<string>();
    return (
      (validate.errors ?? [])
        // propertyNames only repeats, less precisely, the error found on the name itself.
        .filter((error) => error.keyword !== 'propertyNames')
        .map(describeAjvError)
        .filter((error) => {
          const key = `${error.pointer} ${error.message}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
    );
  }
  return semanticErrors(document as PolicyDocument);
}

function semanticErrors(policy: PolicyDocument): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const sector of SECTORS) {
    const sectorPolicy = policy.sectors[sector];
    if (sectorPolicy === undefined) continue;
    for (const category of CATEGORIES) {
      sectorPolicy.rules[category]?.grants?.forEach((grant, g) => {
        grant.purposes.forEach((purpose, p) => {
          // Emergency access must go through break-glass, which demands a role,
          // a written reason and an expiry; a plain grant would skip all three.
          if (purpose === BREAK_GLASS_PURPOSE) {
            errors.push({
              pointer: `/sectors/${sector}/rules/${escapeToken(category)}/grants/${g}/purposes/${p}`,
              message: `"${BREAK_GLASS_PURPOSE}" is the break-glass purpose; list the category under breakGlass.categories instead`,
            });
          }
        });
      });
    }
  }
  const flowIds = new Map<string, number>();
  policy.routing.forEach((flow, f) => {
    const earlier = flowIds.get(flow.id);
    if (earlier !== undefined) {
      errors.push({ pointer: `/routing/${f}/id`, message: `repeats the id of /routing/${earlier}` });
    } else {
      flowIds.set(flow.id, f);
    }
    errors.push(...flowErrors(flow, `/routing/${f}`));
  });
  return errors;
}

function flowErrors(flow: RoutingFlow, at: string): PolicyError[] {
  const errors: PolicyError[] = [];
  switch (flow.kind) {
    case 'addressed': {
      const roles = new Set<string>();
      flow.recipients.forEach((recipient, r) => {
        if (roles.has(recipient.role)) {
          errors.push({
            pointer: `${at}/recipients/${r}/role`,
            message: `role "${recipient.role}" is listed twice`,
          });
        }
        roles.add(recipient.role);
      });
      return errors;
    }
    case 'broadcast': {
      const ruleIds = new Set<string>();
      flow.rules.forEach((rule, r) => {
        if (ruleIds.has(rule.id)) {
          errors.push({
            pointer: `${at}/rules/${r}/id`,
            message: `rule id "${rule.id}" is used twice in this flow`,
          });
        }
        ruleIds.add(rule.id);
        for (const facet of Object.keys(rule.when ?? {})) {
          if (!Object.prototype.hasOwnProperty.call(flow.facets, facet)) {
            errors.push({
              pointer: `${at}/rules/${r}/when/${escapeToken(facet)}`,
              message: `facet "${facet}" is not declared in ${at}/facets`,
            });
          }
        }
        if (rule.withinCoverage === true && !Object.prototype.hasOwnProperty.call(flow.facets, 'country')) {
          errors.push({
            pointer: `${at}/rules/${r}/withinCoverage`,
            message: `needs a "country" facet (and optionally "region", "locality") in ${at}/facets`,
          });
        }
      });
      return errors;
    }
    default: {
      const unreachable: never = flow;
      return [{ pointer: at, message: `unknown flow ${JSON.stringify(unreachable)}` }];
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The SHA-256 of the canonical JSON of a parsed policy (keys sorted, no
 * whitespace), as `sha256:<hex>`. Reformatting or reordering a file keeps the
 * version; any change of content, notes included, makes a new one.
 */
export function policyVersion(document: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(document))}`;
}

/**
 * Validates a parsed policy and prepares it for decisions. The document is
 * copied and frozen, so the version computed here keeps describing it even
 * if the caller changes the object it parsed.
 */
export function compilePolicy(document: unknown, options: CompilePolicyOptions = {}): PolicyCompileResult {
  const errors = validatePolicy(document);
  if (errors.length > 0) return { ok: false, errors };
  const copy = deepFreeze(structuredClone(document) as PolicyDocument);
  return {
    ok: true,
    policy: Object.freeze({
      id: copy.policyId,
      version: policyVersion(copy),
      ...(options.fileSha256 === undefined ? {} : { fileSha256: options.fileSha256 }),
      document: copy,
    }),
  };
}
