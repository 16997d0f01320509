import { dereference, indexResources, resolveRef } from './schema-ref';

const shared = {
  $id: 'https://schemas.beacon.example/common/things.json',
  $defs: {
    name: { type: 'string', maxLength: 10, 'x-beacon-category': 'identity' },
    'a/b': { type: 'integer', minimum: 0, maximum: 1 },
  },
};

describe('schema references', () => {
  const resources = indexResources([shared]);

  it('given a relative $ref with a JSON pointer, when resolved, then it finds the definition', () => {
    const target = resolveRef(
      'common/things.json#/$defs/name',
      'https://schemas.beacon.example/x.json',
      resources,
    );
    expect(target.schema).toEqual(shared.$defs.name);
    expect(target.uri).toBe('https://schemas.beacon.example/common/things.json#/$defs/name');
  });

  it('given an escaped pointer token, when resolved, then ~1 means a slash', () => {
    const target = resolveRef('things.json#/$defs/a~1b', 'https://schemas.beacon.example/common/', resources);
    expect(target.schema).toEqual(shared.$defs['a/b']);
  });

  it('given a $ref with an annotation beside it, when inlined, then the annotation wins', () => {
    const schema = {
      $id: 'https://schemas.beacon.example/x.json',
      type: 'object',
      properties: { who: { $ref: 'common/things.json#/$defs/name', 'x-beacon-category': 'operational' } },
    };
    const inlined = dereference(schema, resources) as Record<string, any>;
    expect(inlined.properties.who).toEqual({
      type: 'string',
      maxLength: 10,
      'x-beacon-category': 'operational',
    });
    expect(inlined.$id).toBe(schema.$id);
  });

  it('given a $ref with a different limit beside it, when inlined, then it refuses to guess', () => {
    const schema = {
      $id: 'https://schemas.beacon.example/x.json',
      $ref: 'common/things.json#/$defs/name',
      maxLength: 20,
    };
    expect(() => dereference(schema, resources)).toThrow(/maxLength/);
  });

  it('given a recursive schema, when inlined, then it throws instead of looping', () => {
    const node = {
      $id: 'https://schemas.beacon.example/node.json',
      type: 'object',
      properties: { next: { $ref: '#' } },
    };
    expect(() => dereference(node, indexResources([node]))).toThrow(/recursive/);
  });

  it('given a $ref to an unknown schema, when resolved, then the error names it', () => {
    expect(() => resolveRef('common/nope.json', 'https://schemas.beacon.example/x.json', resources)).toThrow(
      /nope\.json/,
    );
  });
});
