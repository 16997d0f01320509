import { checkBackward, checkBackwardTransitive } from './compatibility';
import { loadExamples } from './examples';
import { JsonSchemaObject } from './schema-ref';
import { SchemaRegistry } from './schema-registry';

const text = (maxLength = 50) => ({ type: 'string', maxLength });
const closed = (properties: Record<string, unknown>, required: string[] = []): JsonSchemaObject => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

describe('checkBackward', () => {
  it('given an added optional field, then newer reads older', () => {
    const older = closed({ a: text() }, ['a']);
    const newer = closed({ a: text(), b: text() }, ['a']);
    expect(checkBackward(newer, older)).toEqual({ compatible: true, problems: [] });
  });

  it('given an added required field without a default, then it is refused', () => {
    const result = checkBackward(closed({ a: text(), b: text() }, ['a', 'b']), closed({ a: text() }, ['a']));
    expect(result.compatible).toBe(false);
    expect(result.problems).toEqual([
      { path: '/b', message: 'required field added without a default: old data does not have it' },
    ]);
  });

  it('given an added required field with a default, then it passes only when readers apply defaults', () => {
    const older = closed({ a: text() });
    const newer = closed({ a: text(), b: { ...text(), default: 'x' } }, ['b']);
    expect(checkBackward(newer, older).compatible).toBe(false);
    expect(checkBackward(newer, older, { readerAppliesDefaults: true }).compatible).toBe(true);
  });

  it('given an optional field made required, then it is refused', () => {
    const result = checkBackward(closed({ a: text() }, ['a']), closed({ a: text() }));
    expect(result.problems).toEqual([{ path: '/a', message: 'optional field became required' }]);
  });

  it('given a removed field in a closed model, then it is refused', () => {
    const result = checkBackward(closed({ a: text() }), closed({ a: text(), b: text() }));
    expect(result.problems).toEqual([
      {
        path: '/b',
        message: 'field removed: the content model is closed, so old data that has it would be rejected',
      },
    ]);
  });

  it('given an open model closed, then it is refused', () => {
    const result = checkBackward(closed({ a: text() }), { type: 'object', properties: { a: text() } });
    expect(result.compatible).toBe(false);
    expect(result.problems[0].message).toMatch(/additionalProperties: false added/);
  });

  it('given number narrowed to integer, then it is refused', () => {
    const result = checkBackward({ type: 'integer' }, { type: 'number' });
    expect(result.problems).toEqual([
      { path: '', message: 'type narrowed from number to integer: number is no longer accepted' },
    ]);
  });

  it('given integer widened to number, then it passes', () => {
    expect(checkBackward({ type: 'number' }, { type: 'integer' }).compatible).toBe(true);
  });

  it('given a type union shrunk, then it is refused', () => {
    const result = checkBackward({ type: 'string' }, { type: ['string', 'null'] });
    expect(result.problems).toEqual([
      { path: '', message: 'type narrowed from string or null to string: null is no longer accepted' },
    ]);
  });

  it('given a type union grown, then it passes', () => {
    expect(checkBackward({ type: ['string', 'null'] }, { type: 'string' }).compatible).toBe(true);
  });

  it('given an enum value removed, then it is refused', () => {
    const result = checkBackward({ enum: ['a', 'b'] }, { enum: ['a', 'b', 'c'] });
    expect(result.problems).toEqual([{ path: '', message: 'enum value removed: "c"' }]);
  });

  it('given an enum value added, then it passes', () => {
    expect(checkBackward({ enum: ['a', 'b', 'c'] }, { enum: ['a', 'b'] }).compatible).toBe(true);
  });

  it('given an enum added to a free string, then it is refused', () => {
    expect(checkBackward({ type: 'string', enum: ['a'] }, { type: 'string' }).compatible).toBe(false);
  });

  it('given maxLength tightened, then it is refused', () => {
    const result = checkBackward(text(40), text(50));
    expect(result.problems).toEqual([{ path: '', message: 'maxLength tightened from 50 to 40 characters' }]);
  });

  it('given maxLength relaxed, then it passes', () => {
    expect(checkBackward(text(60), text(50)).compatible).toBe(true);
  });

  it('given minLength raised, then it is refused', () => {
    const result = checkBackward({ ...text(), minLength: 3 }, { ...text(), minLength: 1 });
    expect(result.problems).toEqual([{ path: '', message: 'minLength raised from 1 to 3 characters' }]);
  });

  it('given maximum tightened or minimum raised, then both are refused', () => {
    const result = checkBackward(
      { type: 'integer', minimum: 1, maximum: 99 },
      { type: 'integer', minimum: 0, maximum: 100 },
    );
    expect(result.problems).toEqual([
      { path: '', message: 'maximum tightened from ≤ 100 to ≤ 99' },
      { path: '', message: 'minimum raised from ≥ 0 to ≥ 1' },
    ]);
  });

  it('given an inclusive maximum made exclusive, then it is refused', () => {
    expect(
      checkBackward({ type: 'number', exclusiveMaximum: 10 }, { type: 'number', maximum: 10 }).compatible,
    ).toBe(false);
  });

  it('given a maximum added where there was none, then it is refused', () => {
    expect(checkBackward({ type: 'number', maximum: 10 }, { type: 'number' }).compatible).toBe(false);
  });

  it('given a format added, then it is refused', () => {
    const result = checkBackward({ ...text(), format: 'email' }, text());
    expect(result.problems).toEqual([{ path: '', message: 'format "email" added' }]);
  });

  it('given a pattern added, then it is refused', () => {
    expect(checkBackward({ ...text(), pattern: '^[A-Z]+$' }, text()).compatible).toBe(false);
  });

  it('given maxItems tightened inside an array of objects, then the path points into the items', () => {
    const older = closed({ list: { type: 'array', maxItems: 5, items: closed({ v: text(10) }) } });
    const newer = closed({ list: { type: 'array', maxItems: 5, items: closed({ v: text(5) }) } });
    expect(checkBackward(newer, older).problems).toEqual([
      { path: '/list/*/v', message: 'maxLength tightened from 10 to 5 characters' },
    ]);
  });

  it('given a change in an annotation only, then it passes', () => {
    const older = closed({ a: { ...text(), description: 'old', 'x-beacon-category': 'identity' } });
    const newer = closed({
      a: { ...text(), description: 'new', 'x-beacon-category': 'identity', title: 'A' },
    });
    expect(checkBackward(newer, older).compatible).toBe(true);
  });

  it('given a keyword the checker does not understand that changed, then it refuses rather than guess', () => {
    const result = checkBackward({ ...text(), not: { const: 'x' } }, text());
    expect(result.problems).toEqual([
      { path: '', message: '"not" changed; the checker cannot prove old data still matches' },
    ]);
  });

  describe('discriminated unions', () => {
    const branch = (kind: string, extra: Record<string, unknown> = {}) =>
      closed({ kind: { const: kind }, ...extra }, ['kind']);
    const union = (...branches: JsonSchemaObject[]) => ({
      type: 'object',
      discriminator: { propertyName: 'kind' },
      oneOf: branches,
    });

    it('given a new kind added, then it passes', () => {
      expect(checkBackward(union(branch('a'), branch('b')), union(branch('a'))).compatible).toBe(true);
    });

    it('given a kind removed, then it is refused', () => {
      const result = checkBackward(union(branch('a')), union(branch('a'), branch('b')));
      expect(result.problems).toEqual([
        { path: '', message: 'the kind "b" (kind) was removed from the union' },
      ]);
    });

    it('given a field removed from one kind, then the problem is reported for that kind', () => {
      const result = checkBackward(union(branch('a')), union(branch('a', { x: text() })));
      expect(result.problems).toEqual([
        {
          path: '/x',
          message: 'field removed: the content model is closed, so old data that has it would be rejected',
        },
      ]);
    });
  });
});

describe('checkBackwardTransitive', () => {
  const v1 = { $id: 'https://schemas.beacon.example/org.beacon.x.y.v1.json', ...closed({ a: text(50) }) };
  const v2 = {
    $id: 'https://schemas.beacon.example/org.beacon.x.y.v2.json',
    ...closed({ a: text(80), b: text() }),
  };
  const v3 = {
    $id: 'https://schemas.beacon.example/org.beacon.x.y.v3.json',
    ...closed({ a: text(60), b: text() }),
  };

  it('given each version compatible with all before it, then the history passes', () => {
    expect(checkBackwardTransitive([v1, v2])).toEqual({ compatible: true, problems: [] });
  });

  it('given a version that reads its predecessor but not an older one, then it is refused', () => {
    // v3 reads v1 (60 ≥ 50) but not v2 (60 < 80): plain BACKWARD would have checked v3 against v2 only.
    const result = checkBackwardTransitive([v1, v2, v3]);
    expect(result.problems).toEqual([
      {
        path: '/a',
        message:
          'org.beacon.x.y.v3 cannot read org.beacon.x.y.v2 data: maxLength tightened from 80 to 60 characters',
      },
    ]);
  });

  it('given a single version, then there is nothing to refuse', () => {
    expect(checkBackwardTransitive([v1]).compatible).toBe(true);
  });
});

describe('the real schemas', () => {
  const registry = SchemaRegistry.load();
  const examples = loadExamples();

  it.each(registry.names())('%s: every version reads the data of every earlier version', (name) => {
    const versions = registry.versionsOf(name).map((type) => registry.resolvedSchemaFor(type));
    expect(checkBackwardTransitive(versions).problems).toEqual([]);
  });

  it.each(registry.names())('%s: the examples of every version validate under the newest', (name) => {
    const versions = registry.versionsOf(name);
    const newest = versions[versions.length - 1];
    const failures = examples
      .filter((example) => versions.includes(example.type))
      .map((example) => ({
        example: `${example.type}/${example.name}`,
        result: registry.validate(newest, example.payload),
      }))
      .filter((outcome) => !outcome.result.ok);
    expect(failures).toEqual([]);
  });

  it('has at least one type with more than one version, so evolution is really exercised', () => {
    expect(registry.names().some((name) => registry.versionsOf(name).length > 1)).toBe(true);
  });

  it('would catch a breaking v2: alert v1 cannot read v2 data', () => {
    const v1 = registry.resolvedSchemaFor('org.beacon.alert.raised.v1');
    const v2 = registry.resolvedSchemaFor('org.beacon.alert.raised.v2');
    expect(checkBackward(v1, v2).compatible).toBe(false);
  });
});
