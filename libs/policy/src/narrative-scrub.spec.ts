import { type OwnIdentifier, scrubNarrative, tokenFor } from './narrative-scrub';

const own = (value: string, token: OwnIdentifier['token'] = '[name]'): OwnIdentifier => ({ value, token });

describe('scrubNarrative', () => {
  it("given the subject's names, when they appear in any case, then they are replaced as whole words only", () => {
    // when
    const result = scrubNarrative('ANA said ana; Anastasia and Banana stay.', [own('Ana')]);

    // then
    expect(result.text).toBe('[name] said [name]; Anastasia and Banana stay.');
    expect(result.replacements).toEqual({ '[name]': 2 });
  });

  it('given a two-word name, when the text spaces it differently, then it is still found', () => {
    expect(scrubNarrative('Mary  Ann\nSmith came.', [own('Mary Ann Smith')]).text).toBe('[name] came.');
  });

  it('given overlapping identifiers, when scrubbing, then the longest is replaced first', () => {
    expect(scrubNarrative('Mary Ann and Mary', [own('Mary'), own('Mary Ann')]).text).toBe(
      '[name] and [name]',
    );
  });

  it("given the subject's phone number, when written with spaces, dashes or brackets, then it is found", () => {
    // given
    const phone = own('+447700900123', '[phone]');

    // then
    for (const written of ['+44 7700 900123', '+44-7700-900-123', '447700 900 123', '+44 (7700) 900.123']) {
      expect(scrubNarrative(`call ${written} now`, [phone]).text).toBe('call [phone] now');
    }
  });

  it("given the subject's document number, when written in lower case with spaces, then it is found", () => {
    expect(scrubNarrative('doc ro 447 1902 seen', [own('RO4471902', '[document]')]).text).toBe(
      'doc [document] seen',
    );
  });

  it('given phone numbers, e-mails and document numbers of anyone, when scrubbing, then their shapes are replaced', () => {
    // when
    const result = scrubNarrative(
      'The man (07700 900 461, boss@crew.example.com) kept passport no. 123 456 789 and card AB1234567C.',
      [],
    );

    // then
    expect(result.text).toBe('The man ([phone], [email]) kept passport no. [document] and card [document].');
    expect(result.replacements).toEqual({ '[phone]': 1, '[email]': 1, '[document]': 2 });
  });

  it('given dates, times, small numbers and police references, when scrubbing, then they are left alone', () => {
    // given
    const text = 'Seen 2025-10-06 at 06:00, owes 20000, ref MP/2025/118734, DOB 11/02/2008, van KX19 FKE.';

    // then
    expect(scrubNarrative(text, []).text).toBe(text);
  });

  it('given a one-character identifier, when scrubbing, then it is not used (it would scrub every word "a")', () => {
    expect(scrubNarrative('a cat', [own('A')]).text).toBe('a cat');
  });

  it('given identifiers with regular-expression characters, when scrubbing, then they are matched literally', () => {
    expect(scrubNarrative('Jo (J.) and J+ stay, J.* goes', [own('J.*')]).text).toBe(
      'Jo (J.) and J+ stay, [name] goes',
    );
  });
});

describe('tokenFor', () => {
  it.each([
    ['/subject/emailAddresses/0', 'contact', 'ana@example.org', '[email]'],
    ['/subject/phoneNumbers/0', 'contact', '+447700900123', '[phone]'],
    ['/subject/documents/0/number', 'identity', 'RO4471902', '[document]'],
    ['/subject/givenName', 'identity', 'Ana', '[name]'],
    ['/subject/aliases/1', 'identity', 'Roxy', '[name]'],
    ['/subject/subjectId', 'identity', '9a2f4c61-0b8d-4e27', '[identifier]'],
    ['/safeContact/safeTimes', 'contact', 'weekdays 10:00-12:00', '[contact]'],
  ] as const)('given %s (%s), then the token is %s', (path, category, value, token) => {
    expect(tokenFor(path, category, value)).toBe(token);
  });
});
