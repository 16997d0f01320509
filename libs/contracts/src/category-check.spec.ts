import { checkCategories } from './category-check';
import { indexResources } from './schema-ref';
import { SchemaRegistry } from './schema-registry';

const leaf = (category = 'operational') => ({ type: 'string', maxLength: 20, 'x-beacon-category': category });

describe('checkCategories', () => {
  it('given a closed object with categorised, bounded leaves, then it finds nothing and maps every leaf', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: {
        name: leaf('identity'),
        tags: { type: 'array', maxItems: 3, items: leaf('operational') },
        age: { type: 'integer', minimum: 0, maximum: 120, 'x-beacon-category': 'demographic' },
      },
    });
    expect(report.problems).toEqual([]);
    expect([...report.categories]).toEqual([
      ['/name', 'identity'],
      ['/tags/*', 'operational'],
      ['/age', 'demographic'],
    ]);
  });

  it('given a leaf without a category, then it lists that leaf', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 20 } },
    });
    expect(report.uncategorisedLeaves).toEqual(['/name']);
    expect(report.categories.size).toBe(0);
  });

  it('given an object without additionalProperties: false, then it lists it as open', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: { inner: { type: 'object', properties: { a: leaf() } } },
    });
    expect(report.openObjects).toEqual(['/inner']);
  });

  it('given an object without properties that accepts anything, then it is open', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: { bag: { type: 'object' } },
    });
    expect(report.openObjects).toEqual(['/bag']);
  });

  it('given a category on an array, then it asks for it on the items', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: {
        tags: {
          type: 'array',
          maxItems: 3,
          'x-beacon-category': 'identity',
          items: { type: 'string', maxLength: 5 },
        },
      },
    });
    expect(report.problems.map((p) => [p.path, p.kind])).toEqual([
      ['/tags', 'category-on-container'],
      ['/tags/*', 'missing-category'],
    ]);
  });

  it('given unbounded values, then it lists each', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: {
        text: { type: 'string', 'x-beacon-category': 'narrative' },
        count: { type: 'integer', minimum: 0, 'x-beacon-category': 'operational' },
        list: { type: 'array', items: leaf() },
        anything: { 'x-beacon-category': 'operational' },
      },
    });
    expect(report.problems.filter((p) => p.kind === 'unbounded').map((p) => p.path)).toEqual([
      '/text',
      '/count',
      '/list',
      '/anything',
    ]);
  });

  it('given a category outside the vocabulary, then the leaf counts as uncategorised', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: { x: leaf('secret') },
    });
    expect(report.uncategorisedLeaves).toEqual(['/x']);
    expect(report.problems[0].kind).toBe('unknown-category');
  });

  it('given a union of closed objects, then it walks every branch at the same path', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: {
        place: {
          type: 'object',
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                kind: { const: 'a', 'x-beacon-category': 'location.area' },
                lat: { type: 'number', minimum: -90, maximum: 90, 'x-beacon-category': 'location.precise' },
              },
            },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                kind: { const: 'b', 'x-beacon-category': 'location.area' },
                town: leaf('location.area'),
              },
            },
          ],
        },
      },
    });
    expect(report.problems).toEqual([]);
    expect([...report.categories.keys()]).toEqual(['/place/kind', '/place/lat', '/place/town']);
  });

  it('given union branches that disagree on a category, then it reports the conflict', () => {
    const report = checkCategories({
      anyOf: [
        { type: 'object', additionalProperties: false, properties: { v: leaf('identity') } },
        { type: 'object', additionalProperties: false, properties: { v: leaf('operational') } },
      ],
    });
    expect(report.problems.map((p) => [p.path, p.kind])).toEqual([['/v', 'conflicting-category']]);
  });

  it('given a conditional that sneaks in fields, then it is refused as unsupported', () => {
    const report = checkCategories({
      type: 'object',
      additionalProperties: false,
      properties: { a: leaf() },
      if: { required: ['a'] },
      then: { properties: { b: { type: 'string' } } },
    });
    expect(report.problems.map((p) => p.kind)).toEqual(['unsupported']);
  });

  it('given $refs to shared schemas, then it follows them, with use-site categories winning', () => {
    const shared = {
      $id: 'https://schemas.beacon.example/common/c.json',
      $defs: { code: { type: 'string', maxLength: 2 }, name: leaf('identity') },
    };
    const report = checkCategories(
      {
        $id: 'https://schemas.beacon.example/e.json',
        type: 'object',
        additionalProperties: false,
        properties: {
          country: { $ref: 'common/c.json#/$defs/code', 'x-beacon-category': 'location.area' },
          name: { $ref: 'common/c.json#/$defs/name' },
          bare: { $ref: 'common/c.json#/$defs/code' },
        },
      },
      { resources: indexResources([shared]) },
    );
    expect([...report.categories]).toEqual([
      ['/country', 'location.area'],
      ['/name', 'identity'],
    ]);
    expect(report.uncategorisedLeaves).toEqual(['/bare']);
  });
});

describe('the real schemas', () => {
  const registry = SchemaRegistry.load();

  it.each(registry.types())(
    '%s: every leaf has a category, every object is closed, every value is bounded',
    (type) => {
      expect(registry.categoryReport(type).problems).toEqual([]);
    },
  );
});
