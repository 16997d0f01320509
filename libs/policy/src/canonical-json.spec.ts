import { canonicalJson } from './canonical-json';
import { escapeToken, formatPointer, parsePointer, valueAt } from './json-pointer';

describe('canonicalJson', () => {
  it('given nested objects, when serialising, then keys are sorted at every level and there is no whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x' })).toBe('{"a":"x","b":[{"a":null,"z":1}]}');
  });

  it('given undefined properties, when serialising, then they are left out as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: true })).toBe('{"b":true}');
  });

  it('given a value JSON cannot carry, when serialising, then it throws', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe('JSON pointers', () => {
  it('given keys with / and ~, when formatting and parsing, then they round-trip', () => {
    const tokens = ['a/b', 'c~d', '0'];
    expect(formatPointer(tokens)).toBe('/a~1b/c~0d/0');
    expect(parsePointer(formatPointer(tokens))).toEqual(tokens);
    expect(escapeToken('~/')).toBe('~0~1');
  });

  it('given strings that are not pointers, when parsing, then the result is undefined', () => {
    expect(parsePointer('a/b')).toBeUndefined();
    expect(parsePointer('/a~2')).toBeUndefined();
    expect(parsePointer('')).toEqual([]);
  });

  it('given a document, when reading a path, then only own properties and real indices are followed', () => {
    const document = { list: ['x', 'y'], plain: {} };
    expect(valueAt(document, ['list', '1'])).toBe('y');
    expect(valueAt(document, ['list', '01'])).toBeUndefined();
    expect(valueAt(document, ['plain', 'constructor'])).toBeUndefined();
    expect(valueAt(document, ['plain', '__proto__'])).toBeUndefined();
  });
});
