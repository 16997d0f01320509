import { ageBand, generalizeValue, hmacValue, isUsableHashKey, maskValue } from './transformations';

const AT = Date.parse('2025-12-02T10:00:00Z');

describe('maskValue', () => {
  it('given redact, when masking, then letters become x/X, digits n, and punctuation stays', () => {
    expect(maskValue('Ana-Maria 07700 900123', 'redact')).toBe('Xxx-Xxxxx nnnnn nnnnnn');
  });

  it('given show-last-4, when masking a long value, then only the last four characters show', () => {
    expect(maskValue('RO4471902', 'show-last-4')).toBe('XXnnn1902');
  });

  it('given show-first-4, when masking a long value, then only the first four characters show', () => {
    expect(maskValue('RO4471902', 'show-first-4')).toBe('RO44nnnnn');
  });

  it('given a value of six characters, when showing four, then no more than half of it shows', () => {
    expect(maskValue('AB1234', 'show-last-4')).toBe('XXn234');
    expect(maskValue('1234', 'show-first-4')).toBe('12nn');
  });

  it('given a number, when masking, then its decimal text is masked', () => {
    expect(maskValue(51.50722, 'redact')).toBe('nn.nnnnn');
  });

  it('given a boolean or null, when masking, then the result is null (length would tell true from false)', () => {
    expect(maskValue(true, 'redact')).toBeNull();
    expect(maskValue(false, 'show-last-4')).toBeNull();
    expect(maskValue(null, 'redact')).toBeNull();
  });

  it('given letters outside ASCII, when redacting, then they are masked too', () => {
    expect(maskValue('Ştefan Łukasz', 'redact')).toBe('Xxxxxx Xxxxxx');
  });
});

describe('hmacValue', () => {
  const keyA = 'a'.repeat(32);
  const keyB = 'b'.repeat(32);

  it('given one key, when hashing the same value twice, then the output is the same', () => {
    expect(hmacValue('Ana Popescu', keyA)).toBe(hmacValue('Ana Popescu', keyA));
  });

  it('given two keys, when hashing the same value, then the outputs differ', () => {
    expect(hmacValue('Ana Popescu', keyA)).not.toBe(hmacValue('Ana Popescu', keyB));
  });

  it('given a number and the same digits as text, when hashing, then the outputs differ', () => {
    expect(hmacValue(7, keyA)).not.toBe(hmacValue('7', keyA));
  });

  it('given any value, when hashing, then the output is hmac: and 43 base64url characters', () => {
    expect(hmacValue(null, keyA)).toMatch(/^hmac:[A-Za-z0-9_-]{43}$/);
  });

  it('given keys of various lengths, when checked, then only 32 bytes and more are usable', () => {
    expect(isUsableHashKey(undefined)).toBe(false);
    expect(isUsableHashKey('x'.repeat(31))).toBe(false);
    expect(isUsableHashKey('x'.repeat(32))).toBe(true);
    expect(isUsableHashKey(new Uint8Array(32))).toBe(true);
  });
});

describe('generalizeValue', () => {
  it('given a date of birth, when generalizing to an age band, then the band at the decision time is given', () => {
    expect(generalizeValue('2007-12-02', { type: 'generalize', date: 'age-band' }, AT)).toEqual({
      ok: true,
      value: '18-24',
    });
    // The day before the 18th birthday is still 16-17.
    expect(generalizeValue('2007-12-03', { type: 'generalize', date: 'age-band' }, AT)).toEqual({
      ok: true,
      value: '16-17',
    });
  });

  it('given a date, when generalizing to year or month, then the rest is cut off', () => {
    expect(generalizeValue('2008-02-11', { type: 'generalize', date: 'year' }, AT)).toEqual({
      ok: true,
      value: '2008',
    });
    expect(generalizeValue('2008-02-11', { type: 'generalize', date: 'month' }, AT)).toEqual({
      ok: true,
      value: '2008-02',
    });
  });

  it('given an impossible or future date, when generalizing, then it cannot be generalized', () => {
    expect(generalizeValue('2008-02-30', { type: 'generalize', date: 'year' }, AT)).toEqual({ ok: false });
    expect(generalizeValue('2030-01-01', { type: 'generalize', date: 'age-band' }, AT)).toEqual({
      ok: false,
    });
  });

  it('given a timestamp, when generalizing to day or month, then the UTC day or month is given', () => {
    const action = { type: 'generalize', dateTime: 'day' } as const;
    expect(generalizeValue('2025-12-01T23:30:00-02:00', action, AT)).toEqual({
      ok: true,
      value: '2025-12-02',
    });
    expect(generalizeValue('2025-12-01T23:30:00Z', { type: 'generalize', dateTime: 'month' }, AT)).toEqual({
      ok: true,
      value: '2025-12',
    });
  });

  it('given coordinates, when generalizing to 1 or 2 decimals, then they are rounded', () => {
    expect(generalizeValue(52.48102, { type: 'generalize', number: { decimals: 2 } }, AT)).toEqual({
      ok: true,
      value: 52.48,
    });
    expect(generalizeValue(-1.89034, { type: 'generalize', number: { decimals: 1 } }, AT)).toEqual({
      ok: true,
      value: -1.9,
    });
    expect(generalizeValue(-0.01, { type: 'generalize', number: { decimals: 1 } }, AT)).toEqual({
      ok: true,
      value: 0,
    });
  });

  it('given a value the action has no rule for, when generalizing, then it cannot be generalized', () => {
    expect(generalizeValue('Ana', { type: 'generalize', date: 'year' }, AT)).toEqual({ ok: false });
    expect(generalizeValue(5, { type: 'generalize', date: 'year' }, AT)).toEqual({ ok: false });
    expect(generalizeValue(true, { type: 'generalize', number: { decimals: 0 } }, AT)).toEqual({ ok: false });
    expect(generalizeValue('2025-12-01', { type: 'generalize', dateTime: 'day' }, AT)).toEqual({ ok: false });
  });
});

describe('ageBand', () => {
  it.each([
    [0, '0-11'],
    [11, '0-11'],
    [12, '12-15'],
    [16, '16-17'],
    [17, '16-17'],
    [18, '18-24'],
    [24, '18-24'],
    [25, '25-34'],
    [64, '55-64'],
    [65, '65+'],
  ])('given age %i, when banding, then the band is %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });
});
