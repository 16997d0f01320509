import fc from 'fast-check';
import { loadExamples } from './examples';
import { SchemaRegistry } from './schema-registry';

const registry = SchemaRegistry.load();
const examples = loadExamples();

function isWellFormed(result: ReturnType<SchemaRegistry['validate']>): boolean {
  if (result.ok) return true;
  return (
    result.errors.length > 0 &&
    result.errors.every(
      (e) =>
        typeof e.message === 'string' &&
        e.message.length > 0 &&
        (e.pointer === '' || e.pointer.startsWith('/')),
    )
  );
}

/** Replaces the value at a random path of `value` with `replacement`. */
function mutate(value: unknown, choice: number, replacement: unknown): unknown {
  if (typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0 || choice % 5 === 0) return replacement;
  const key = keys[choice % keys.length];
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = mutate(copy[key], Math.floor(choice / 7), replacement);
  return copy;
}

describe('validate never throws', () => {
  it.each(registry.types())('%s: for any JSON value', (type) => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => isWellFormed(registry.validate(type, value))),
      { numRuns: 300 },
    );
  });

  it.each(registry.types())('%s: for an example with any part replaced by any JSON value', (type) => {
    const payloads = examples.filter((e) => e.type === type).map((e) => e.payload);
    fc.assert(
      fc.property(
        fc.constantFrom(...payloads),
        fc.nat(),
        fc.jsonValue({ maxDepth: 3 }),
        (payload, choice, replacement) =>
          isWellFormed(registry.validate(type, mutate(payload, choice, replacement))),
      ),
      { numRuns: 300 },
    );
  });

  it('for any string as the event type', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue({ maxDepth: 2 }), (type, value) =>
        isWellFormed(registry.validate(type, value)),
      ),
      { numRuns: 200 },
    );
  });
});
