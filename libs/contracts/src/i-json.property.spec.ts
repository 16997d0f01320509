import fc from 'fast-check';
import { checkIJson, countMembersInText, findIJsonViolation, toWellFormed } from './i-json';

/**
 * A JSON document as written, before JSON.parse collapses it: an object is a
 * list of members in text order, so the same name may occur twice.
 */
type Doc =
  | { readonly kind: 'scalar'; readonly value: null | boolean | number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly Doc[] }
  | { readonly kind: 'object'; readonly members: readonly (readonly [string, Doc])[] };

const isWellFormed = (value: string): boolean => toWellFormed(value) === value;

/** Single UTF-16 code units, lone surrogates and pointer-escaped characters among them. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom('a', 'b', '~', '/', '"', '\\', '\n', 'é'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const anyString = fc.string({ unit: codeUnit, maxLength: 4 });
const wellFormedString = fc.string({ unit: 'binary', maxLength: 8 });
// A few names, often repeated, so that duplicates are common.
const memberName = fc.oneof(fc.constantFrom('a', 'b', 'a/b', 'm~n', ''), anyString);

const docArbitrary = (strings: fc.Arbitrary<string>, names: fc.Arbitrary<string>) =>
  fc.letrec<{ doc: Doc }>((tie) => ({
    doc: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(
        fc.constantFrom(null, true, false).map((value): Doc => ({ kind: 'scalar', value })),
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .map((value): Doc => ({ kind: 'scalar', value: Object.is(value, -0) ? 0 : value })),
        strings.map((value): Doc => ({ kind: 'string', value })),
      ),
      fc.array(tie('doc'), { maxLength: 4 }).map((items): Doc => ({ kind: 'array', items })),
      fc
        .array(fc.tuple(names, tie('doc')), { maxLength: 4 })
        .map((members): Doc => ({ kind: 'object', members })),
    ),
  })).doc;

/** `\uXXXX` for every code unit outside printable ASCII, as encoders with ensure_ascii write. */
function asciiString(value: string): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

interface Style {
  readonly space: string;
  readonly ascii: boolean;
}

function write(doc: Doc, style: Style): string {
  const str = style.ascii ? asciiString : (value: string) => JSON.stringify(value);
  const { space } = style;
  switch (doc.kind) {
    case 'scalar':
      return JSON.stringify(doc.value);
    case 'string':
      return str(doc.value);
    case 'array':
      return `[${space}${doc.items.map((item) => write(item, style)).join(`${space},${space}`)}${space}]`;
    case 'object':
      return `{${space}${doc.members
        .map(([name, value]) => `${str(name)}${space}:${space}${write(value, style)}`)
        .join(`,${space}`)}${space}}`;
    default: {
      const unknown: never = doc;
      throw new Error(`unknown doc ${String(unknown)}`);
    }
  }
}

/** What JSON.parse makes of the document: the last of two same names wins. */
function evaluate(doc: Doc): unknown {
  switch (doc.kind) {
    case 'scalar':
    case 'string':
      return doc.value;
    case 'array':
      return doc.items.map(evaluate);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, value] of doc.members) {
        Object.defineProperty(out, name, {
          value: evaluate(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default: {
      const unknown: never = doc;
      throw new Error(`unknown doc ${String(unknown)}`);
    }
  }
}

const escapeToken = (token: string) => toWellFormed(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** The first violation in text order, read off the model: the oracle the scanner is held to. */
function firstViolation(doc: Doc, pointer = ''): { pointer: string; kind: string } | undefined {
  switch (doc.kind) {
    case 'scalar':
      return undefined;
    case 'string':
      return isWellFormed(doc.value) ? undefined : { pointer, kind: 'string' };
    case 'array':
      for (const [index, item] of doc.items.entries()) {
        const found = firstViolation(item, `${pointer}/${index}`);
        if (found) return found;
      }
      return undefined;
    case 'object': {
      const seen = new Set<string>();
      for (const [name, value] of doc.members) {
        const at = `${pointer}/${escapeToken(name)}`;
        if (!isWellFormed(name)) return { pointer: at, kind: 'member name' };
        if (seen.has(name)) return { pointer: at, kind: 'duplicate' };
        seen.add(name);
        const found = firstViolation(value, at);
        if (found) return found;
      }
      return undefined;
    }
    default: {
      const unknown: never = doc;
      throw new Error(`unknown doc ${String(unknown)}`);
    }
  }
}

function kindOf(message: string): string {
  if (message.startsWith('string contains a lone surrogate')) return 'string';
  if (message.startsWith('member name contains a lone surrogate')) return 'member name';
  if (/^member name ".*" occurs more than once/s.test(message)) return 'duplicate';
  return `unexpected: ${message}`;
}

const style = fc.record({ space: fc.constantFrom('', ' ', '\n\t '), ascii: fc.boolean() });

describe('I-JSON check', () => {
  it('given a JSON document with lone surrogates and repeated names, then the scanner finds the first violation the model has, and the quick check agrees', () => {
    fc.assert(
      fc.property(docArbitrary(anyString, memberName), style, (doc, how) => {
        // given
        const text = write(doc, how);
        const parsed: unknown = JSON.parse(text);
        expect(parsed).toEqual(evaluate(doc));

        // when
        const scanned = findIJsonViolation(text);
        const checked = checkIJson(text, parsed);

        // then
        const expected = firstViolation(doc);
        expect(scanned && { pointer: scanned.pointer, kind: kindOf(scanned.message) }).toEqual(expected);
        expect(checked).toEqual(scanned);
      }),
      { numRuns: 3000 },
    );
  });

  it('given any JSON.stringify of well-formed values, then it is I-JSON', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: 'binary' }),
        wellFormedString,
        fc.boolean(),
        (value, text, ascii) => {
          // given
          const documents = [JSON.stringify(value), JSON.stringify(text), JSON.stringify({ [text]: text })];
          for (const document of ascii
            ? documents.map((d) => d.replace(/[^\x20-\x7e]/g, escapeUnit))
            : documents) {
            // when / then
            expect(checkIJson(document, JSON.parse(document))).toBeUndefined();
            expect(findIJsonViolation(document)).toBeUndefined();
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('given any string with an unpaired surrogate, as a value or a member name, then it is refused at its pointer', () => {
    const illFormed = fc
      .string({ unit: codeUnit, minLength: 1, maxLength: 8 })
      .filter((s) => !isWellFormed(s));
    fc.assert(
      fc.property(illFormed, fc.boolean(), (bad, ascii) => {
        // given
        const asValue = JSON.stringify({ data: { list: ['ok', bad] } });
        const asName = JSON.stringify({ data: { [bad]: 1 } });
        const rewrite = (d: string) => (ascii ? d.replace(/[^\x20-\x7e]/g, escapeUnit) : d);

        // when
        const value = checkIJson(rewrite(asValue), JSON.parse(asValue));
        const name = checkIJson(rewrite(asName), JSON.parse(asName));

        // then
        expect(value).toEqual({
          pointer: '/data/list/1',
          message: expect.stringMatching(
            /^string contains a lone surrogate \(U\+D[89A-F][0-9A-F]{2}\); I-JSON \(RFC 7493\) requires valid Unicode$/,
          ),
        });
        expect(name).toEqual({
          pointer: `/data/${escapeToken(bad)}`,
          message: expect.stringMatching(/^member name contains a lone surrogate \(U\+D[89A-F][0-9A-F]{2}\)/),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('given a string made only of escapes that look like structure, then members are counted from the text alone', () => {
    // given
    const text = '{"a:\\"b":":","c\\\\":{"d":[":",{"e":"\\\\\\""}]}}';

    // when / then
    expect(countMembersInText(text)).toBe(4);
    expect(checkIJson(text, JSON.parse(text))).toBeUndefined();
  });

  it('given the lone surrogate of the issue, then the message names it and I-JSON', () => {
    // given
    const text = '{"narrative":"\\ud800"}';

    // when / then
    expect(checkIJson(text, JSON.parse(text))).toEqual({
      pointer: '/narrative',
      message: 'string contains a lone surrogate (U+D800); I-JSON (RFC 7493) requires valid Unicode',
    });
  });

  it('given a surrogate pair written as two escapes, then it is one valid character and accepted', () => {
    // given
    const text = '{"name":"\\ud83d\\ude00","\\ud83d\\ude00":1}';

    // when / then
    expect(checkIJson(text, JSON.parse(text))).toBeUndefined();
  });

  it('given a repeated name, then the second occurrence is named and JSON.parse’s silent choice is refused', () => {
    // given
    const text = '{"subject":{"subjectId":"a","subjectId":"b"}}';

    // when / then
    expect(checkIJson(text, JSON.parse(text))).toEqual({
      pointer: '/subject/subjectId',
      message:
        'member name "subjectId" occurs more than once in this object; I-JSON (RFC 7493) forbids duplicate names',
    });
  });

  it('given the same name in two different objects, then it is no duplicate', () => {
    // given
    const text = '[{"a":1},{"a":2,"b":{"a":3}}]';

    // when / then
    expect(checkIJson(text, JSON.parse(text))).toBeUndefined();
  });
});

function escapeUnit(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
