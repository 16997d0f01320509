/**
 * The own-identifier matcher against the regular expression it replaced.
 *
 * Until the engine was tuned, each event's identifiers were compiled into
 * one expression (`(?<![\p{L}\p{N}_])(?:(id1)|(id2)…)(?![\p{L}\p{N}_])`,
 * flags `giu`), at about a millisecond per event. The matcher must find
 * exactly what that expression found, in every script, case and spacing:
 * `referenceScrubber` below is the old scrubber, kept verbatim as the
 * oracle, and the property compares the two on texts built from the
 * identifiers themselves, changed in case and spacing, among characters
 * chosen to sit on the edges (letters that fold oddly, combining marks,
 * surrogate pairs, lone surrogates, separators, regex syntax).
 */
import fc from 'fast-check';
import {
  type OwnIdentifier,
  type ScrubResult,
  type ScrubToken,
  SCRUB_TOKENS,
  compileScrubber,
} from './narrative-scrub';

// ---------- the old scrubber, verbatim (the oracle) ----------

const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
const NUMBER_SEPARATORS = '[\\s\\-.()/\\u00a0]';
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[ \u00a0\-.()]{0,2}\d){6,14}(?![\p{L}\p{N}])/gu;
const DATE_LIKE = /^(?:\d{4}[-.]\d{2}[-.]\d{2}|\d{2}[-.]\d{2}[-.]\d{4})$/;
const DOCUMENT_AFTER_KEYWORD =
  /((?:passport|national\s+id|id\s+card|identity\s+card|residence\s+permit|work\s+permit|permit|visa|licen[cs]e|document|brp|ni)(?:\s+(?:no\.?|number|num\.?|#))?\s*[:#]?\s*)((?:[A-Za-z]{0,3}\d[A-Za-z0-9-]*)(?:\s\d[A-Za-z0-9-]*)*)/giu;
const DOCUMENT_SHAPE =
  /(?<![\p{L}\p{N}])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{6,20}(?![\p{L}\p{N}])/gu;
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

function escapeRegExp(text: string): string {
  let escaped = '';
  for (const char of text) escaped += SYNTAX.has(char) ? `\\${char}` : char;
  return escaped;
}

function ownIdentifierPattern(value: string): string | undefined {
  const trimmed = value.trim();
  if ([...trimmed].length < 2) return undefined;
  const digits = trimmed.replace(/\D/g, '').length;
  if (digits >= 4) {
    const chars = [...trimmed.replace(new RegExp(NUMBER_SEPARATORS, 'gu'), '')];
    return chars.map((char) => (char === '+' ? '\\+?' : escapeRegExp(char))).join(`${NUMBER_SEPARATORS}*`);
  }
  return trimmed
    .split(/\s+/u)
    .map((part) => escapeRegExp(part))
    .join('\\s+');
}

function count(replacements: Partial<Record<ScrubToken, number>>, token: ScrubToken): void {
  replacements[token] = (replacements[token] ?? 0) + 1;
}

function referenceScrubber(ownIdentifiers: readonly OwnIdentifier[]): (text: string) => ScrubResult {
  const distinct = new Map(
    ownIdentifiers.map((identifier) => [identifier.value.trim().toLowerCase(), identifier]),
  );
  const own = [...distinct.values()]
    .map((identifier) => ({ identifier, pattern: ownIdentifierPattern(identifier.value) }))
    .filter((entry): entry is { identifier: OwnIdentifier; pattern: string } => entry.pattern !== undefined)
    .sort((a, b) => b.identifier.value.length - a.identifier.value.length);
  const combined =
    own.length === 0
      ? undefined
      : new RegExp(`${BEFORE}(?:${own.map((entry) => `(${entry.pattern})`).join('|')})${AFTER}`, 'giu');
  return (text) => {
    const replacements: Partial<Record<ScrubToken, number>> = {};
    let result = text.replace(EMAIL, () => {
      count(replacements, '[email]');
      return '[email]';
    });
    if (combined !== undefined) {
      result = result.replace(combined, (...args: unknown[]) => {
        const index = args.slice(1, own.length + 1).findIndex((group) => group !== undefined);
        const token = own[index]?.identifier.token ?? '[identifier]';
        count(replacements, token);
        return token;
      });
    }
    result = result.replace(DOCUMENT_AFTER_KEYWORD, (_match, keyword: string) => {
      count(replacements, '[document]');
      return `${keyword}[document]`;
    });
    result = result.replace(PHONE, (match) => {
      if (DATE_LIKE.test(match)) return match;
      count(replacements, '[phone]');
      return '[phone]';
    });
    result = result.replace(DOCUMENT_SHAPE, () => {
      count(replacements, '[document]');
      return '[document]';
    });
    return { text: result, replacements };
  };
}

// ---------- generators ----------

/** Characters on the edges: odd case folds, marks, astral and lone surrogates, separators, syntax. */
const EDGE_CHARACTERS = [
  ...'aAbBkKsSzZ019_',
  'é',
  'É',
  'ß',
  'ẞ',
  'İ',
  'ı',
  'ſ', // long s: folds to s
  'K', // Kelvin sign: folds to k
  'Å', // Angstrom sign
  'Σ',
  'σ',
  'ς',
  'ǅ',
  'Ǆ',
  'ǆ',
  'ͅ', // combining ypogegrammeni: not a letter, folds to ι
  'ι',
  '٣', // Arabic-Indic three: \p{N}
  'Ⅻ', // Roman numeral: \p{N}
  '𝐀', // mathematical bold A: an astral letter
  '😀',
  '\ud800', // lone lead surrogate
  '\udc00', // lone trail surrogate
  ' ',
  '\u00a0',
  '\u2003',
  '\t',
  '\n',
  ...'-.()/+@#:,\'"*?[]{}|\\^$',
];

const edgeChar = fc.constantFrom(...EDGE_CHARACTERS);
const digit = fc.constantFrom(...'0123456789');

const nameLike = fc
  .array(fc.oneof({ weight: 4, arbitrary: edgeChar }, { weight: 1, arbitrary: fc.constant(' ') }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((chars) => chars.join(''));
const numberLike = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: digit },
      { weight: 1, arbitrary: fc.constantFrom('+', ' ', '-', '.', '(', ')', '/', '\u00a0') },
      { weight: 1, arbitrary: edgeChar },
    ),
    { minLength: 4, maxLength: 14 },
  )
  .map((chars) => chars.join(''));
const identifierValue = fc.oneof(
  nameLike,
  numberLike,
  fc.constantFrom('Ana', 'Mary Ann', 'Mary', '+447700900123'),
);
const ownIdentifiers = fc.array(
  fc.record({ value: identifierValue, token: fc.constantFrom(...SCRUB_TOKENS) }),
  { minLength: 0, maxLength: 5 },
);

/** How an identifier may be written in a text: case changed per character, separators added or removed. */
const rendering = fc.record({
  caseFlips: fc.array(fc.constantFrom('same', 'upper', 'lower'), { minLength: 20, maxLength: 20 }),
  extraSeparators: fc.array(fc.constantFrom('', '', '', ' ', '-', '.', '  ', '\u00a0', '\t'), {
    minLength: 20,
    maxLength: 20,
  }),
});

function render(value: string, plan: { caseFlips: string[]; extraSeparators: string[] }): string {
  return [...value]
    .map((char, i) => {
      const flip = plan.caseFlips[i % plan.caseFlips.length];
      const cased = flip === 'upper' ? char.toUpperCase() : flip === 'lower' ? char.toLowerCase() : char;
      return cased + plan.extraSeparators[i % plan.extraSeparators.length];
    })
    .join('');
}

const textPlan = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ filler: fc.array(edgeChar, { maxLength: 4 }).map((c) => c.join('')) }),
    },
    { weight: 2, arbitrary: fc.record({ pick: fc.nat(), rendering }) },
  ),
  { minLength: 1, maxLength: 10 },
);

// ---------- the property ----------

describe('narrative scrub: the own-identifier matcher finds what the old regular expression found', () => {
  it('given any identifiers and a text written around them, when scrubbed, then the text and the counts are the same as before', () => {
    fc.assert(
      fc.property(ownIdentifiers, textPlan, (own, plan) => {
        const text = plan
          .map((piece) => {
            if ('filler' in piece) return piece.filler;
            const source = own[piece.pick % Math.max(own.length, 1)];
            return source === undefined ? '' : render(source.value, piece.rendering);
          })
          .join('');
        const expected = referenceScrubber(own)(text);
        const actual = compileScrubber(own)(text);
        // As text, so the order in which the counts were made is compared too.
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a name in another case', [{ value: 'Ana Popescu', token: '[name]' }], 'ANA   popescu came in'],
    [
      'a phone written with separators',
      [{ value: '+40721555012', token: '[phone]' }],
      'call +40 (721) 555-012 now',
    ],
    [
      'a name inside a longer word',
      [{ value: 'Ana', token: '[name]' }],
      'Anastasia and Ana_x and xAna and Ana.',
    ],
    [
      'the longest identifier first',
      [
        { value: 'Mary', token: '[name]' },
        { value: 'Mary Ann', token: '[identifier]' },
      ],
      'Mary Ann and Mary',
    ],
    ['a Kelvin sign for a k', [{ value: 'Kim', token: '[name]' }], 'Kim, \u212Aim and KIM'],
    ['a letter after a combining mark', [{ value: 'Ana', token: '[name]' }], '\u0345Ana ana\u0345 ana'],
    ['astral letters around', [{ value: 'Ana', token: '[name]' }], '𝐀Ana Ana𝐀 Ana😀'],
    ['an optional plus at the end', [{ value: '1234+', token: '[phone]' }], '1234 x 1234+ 1 2 3 4'],
  ] as const)('given %s, when scrubbed, then the result is the same as before', (_name, own, text) => {
    expect(compileScrubber(own)(text)).toEqual(referenceScrubber(own)(text));
  });
});
