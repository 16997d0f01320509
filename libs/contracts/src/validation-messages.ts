import type { ErrorObject } from 'ajv';
import { escapePointerToken, isSchemaObject } from './schema-ref';

/** One reason data does not match its schema: where (a JSON pointer into the data) and what, in plain English. */
export interface ValidationError {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Finds the allowed tag values of a discriminated union from the schema
 * object that carries `discriminator` (Ajv hands it over as `parentSchema`).
 */
export type DiscriminatorValues = (unionSchema: object) => readonly string[] | undefined;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'must be a date like 2025-03-14',
  'date-time': 'must be a date and time with a time zone, like 2025-03-14T09:30:00Z',
  time: 'must be a time with a time zone, like 09:30:00Z',
  email: 'must be an e-mail address',
  uuid: 'must be a UUID, like 3f0c6a52-8d3e-4c1b-9f57-2a1e6b0d4c11',
  uri: 'must be an absolute URI',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
};

function child(pointer: string, name: string): string {
  return `${pointer}/${escapePointerToken(name)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Turns one Ajv error (from a validator compiled with `verbose: true`) into a
 * pointer and a plain-English message a partner's developer can act on.
 * Returns `undefined` for errors that only repeat others (a failed `if`).
 */
export function describeAjvError(
  error: ErrorObject,
  discriminatorValues: DiscriminatorValues,
): ValidationError | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: child(at, String(params.missingProperty)), message: 'is required' };
    case 'dependentRequired':
      return {
        pointer: child(at, String(params.missingProperty)),
        message: `is required when ${String(params.property)} is present`,
      };
    case 'additionalProperties':
      return {
        pointer: child(at, String(params.additionalProperty)),
        message: 'is not allowed here (no such field)',
      };
    case 'enum':
      return {
        pointer: at,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(show).join(', ')}`,
      };
    case 'const':
      return { pointer: at, message: `must be ${show(params.allowedValue)}` };
    case 'type': {
      const types = String(params.type).split(',');
      return { pointer: at, message: `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}` };
    }
    case 'maxLength':
      return { pointer: at, message: `must be at most ${plural(Number(params.limit), 'character')}` };
    case 'minLength':
      return {
        pointer: at,
        message:
          params.limit === 1
            ? 'must not be empty'
            : `must be at least ${plural(Number(params.limit), 'character')}`,
      };
    case 'maximum':
      return { pointer: at, message: `must be at most ${show(params.limit)}` };
    case 'minimum':
      return { pointer: at, message: `must be at least ${show(params.limit)}` };
    case 'exclusiveMaximum':
      return { pointer: at, message: `must be less than ${show(params.limit)}` };
    case 'exclusiveMinimum':
      return { pointer: at, message: `must be greater than ${show(params.limit)}` };
    case 'multipleOf':
      return { pointer: at, message: `must be a multiple of ${show(params.multipleOf)}` };
    case 'maxItems':
      return { pointer: at, message: `must have at most ${plural(Number(params.limit), 'item')}` };
    case 'minItems':
      return {
        pointer: at,
        message:
          params.limit === 1
            ? 'must have at least one item'
            : `must have at least ${plural(Number(params.limit), 'item')}`,
      };
    case 'uniqueItems':
      return {
        pointer: at,
        message: `must not list the same item twice (items ${show(params.j)} and ${show(params.i)} are equal)`,
      };
    case 'maxProperties':
      return { pointer: at, message: `must have at most ${plural(Number(params.limit), 'field')}` };
    case 'minProperties':
      return { pointer: at, message: `must have at least ${plural(Number(params.limit), 'field')}` };
    case 'format':
      return {
        pointer: at,
        message: FORMAT_MESSAGES[String(params.format)] ?? `must be a valid ${show(params.format)}`,
      };
    case 'pattern':
      return { pointer: at, message: `must match the pattern ${show(params.pattern)}` };
    case 'discriminator': {
      const tag = String(params.tag);
      const data: unknown = error.data;
      if (params.error === 'tag') {
        const present = isSchemaObject(data) && data[tag] !== undefined;
        return { pointer: child(at, tag), message: present ? 'must be a string' : 'is required' };
      }
      const values = isSchemaObject(error.parentSchema) ? discriminatorValues(error.parentSchema) : undefined;
      return {
        pointer: child(at, tag),
        message: values ? `must be one of: ${values.join(', ')}` : 'is not one of the known kinds',
      };
    }
    case 'oneOf':
      return { pointer: at, message: 'must match exactly one of the allowed shapes' };
    case 'anyOf':
      return { pointer: at, message: 'must match at least one of the allowed shapes' };
    case 'not':
      return { pointer: at, message: 'is not allowed' };
    case 'false schema':
      return { pointer: at, message: 'is not allowed here' };
    case 'if':
      // The failing "then"/"else" keyword is reported on its own, with a better message.
      return undefined;
    default:
      return { pointer: at, message: error.message ?? 'is not valid' };
  }
}

/** Maps Ajv errors to {@link ValidationError}s, dropping repeats. */
export function describeAjvErrors(
  errors: readonly ErrorObject[],
  discriminatorValues: DiscriminatorValues,
): ValidationError[] {
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const error of errors) {
    const described = describeAjvError(error, discriminatorValues);
    if (described === undefined) continue;
    const key = `${described.pointer}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
  }
  return out;
}
