import fc from 'fast-check';
import { canonicalize, CanonicalizationError } from './canonical-json';

/** An IEEE 754 double from its 16 hex digits, as RFC 8785 Appendix B lists them. */
function double(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalize (RFC 8785)', () => {
  it('given the RFC’s §3.2.2 example, when canonicalised, then the output is the RFC’s, byte for byte', () => {
    // given: the input exactly as the RFC prints it
    const input = JSON.parse(`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`);

    // when
    const output = canonicalize(input);

    // then
    expect(output).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(Buffer.from(output, 'utf8').subarray(0, 4).toString('hex')).toBe('7b226c69');
  });

  it('given the RFC’s §3.2.3 sorting example, when canonicalised, then properties follow UTF-16 code unit order', () => {
    // given
    const input = JSON.parse(`{
      "\\u20ac": "Euro Sign",
      "\\r": "Carriage Return",
      "\\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\\ud83d\\ude00": "Emoji: Grinning Face",
      "\\u0080": "Control",
      "\\u00f6": "Latin Small Letter O With Diaeresis"
    }`);

    // when
    const text = canonicalize(input);

    // then: read the order from the text itself (JSON.parse would put "1" first whatever the text says)
    const positions = [
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ].map((name) => text.indexOf(`"${name}"`));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.every((p) => p > 0)).toBe(true);
  });

  it('given the RFC’s Appendix B doubles, when canonicalised, then each is written as the RFC lists', () => {
    // given: IEEE 754 bit patterns and their expected serialisation
    const samples: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];

    // when
    const written = samples.map(([hex]) => canonicalize(double(hex)));

    // then
    expect(written).toEqual(samples.map(([, expected]) => expected));
  });

  it('given NaN or Infinity (Appendix B: 7fffffffffffffff, 7ff0000000000000), when canonicalised, then it is refused', () => {
    expect(() => canonicalize({ a: [double('7fffffffffffffff')] })).toThrow(CanonicalizationError);
    expect(() => canonicalize({ a: [double('7ff0000000000000')] })).toThrow(
      /Infinity is not a JSON number at \/a\/0/,
    );
  });

  it('given a lone surrogate in a value or a name, when canonicalised, then it is refused (I-JSON)', () => {
    expect(() => canonicalize({ text: 'a\uD800b' })).toThrow(/lone surrogate at \/text/);
    expect(() => canonicalize({ ['\uDC00']: 1 })).toThrow(CanonicalizationError);
    expect(canonicalize({ text: '\uD83D\uDE00' })).toBe('{"text":"😀"}');
  });

  it('given values with no JSON form, when canonicalised, then each is refused with where it sits', () => {
    expect(() => canonicalize({ when: new Date(0) })).toThrow(/plain objects .* at \/when/);
    expect(() => canonicalize([1, undefined])).toThrow(/undefined .* at \/1/);
    expect(() => canonicalize({ big: 1n })).toThrow(/bigint/);
  });

  it('given an object with undefined properties, when canonicalised, then they are left out as JSON.stringify does', () => {
    expect(canonicalize({ b: 1, a: undefined, c: { d: undefined } })).toBe('{"b":1,"c":{}}');
  });

  it('given any JSON value, when canonicalised, then the text parses back to an equal value and is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        const parsed: unknown = JSON.parse(text);
        // JSON.parse(JSON.stringify(v)) is how JSON sees v (-0 becomes 0).
        expect(parsed).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalize(parsed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('given two orderings of the same object, when canonicalised, then the texts are equal', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(object));
      }),
      { numRuns: 200 },
    );
  });
});
