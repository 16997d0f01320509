import { InvalidEventTypeError, formatEventType, parseEventType, tryParseEventType } from './event-type';

describe('event types', () => {
  it.each([
    ['org.beacon.alert.raised.v1', 'alert.raised', 1],
    ['org.beacon.referral.status-changed.v1', 'referral.status-changed', 1],
    ['org.beacon.alert.raised.v12', 'alert.raised', 12],
    ['org.beacon.audit.disclosure.recorded.v3', 'audit.disclosure.recorded', 3],
  ])('given %s, when parsed, then it is %s version %d', (type, name, version) => {
    expect(parseEventType(type)).toEqual({ name, version });
  });

  it.each([
    ['another prefix', 'com.example.alert.raised.v1'],
    ['no version', 'org.beacon.alert.raised'],
    ['version zero', 'org.beacon.alert.raised.v0'],
    ['a leading zero', 'org.beacon.alert.raised.v01'],
    ['upper case', 'org.beacon.Alert.raised.v1'],
    ['a single segment', 'org.beacon.alert.v1'],
    ['an empty segment', 'org.beacon.alert..raised.v1'],
    ['a trailing hyphen', 'org.beacon.alert.raised-.v1'],
    ['white space', ' org.beacon.alert.raised.v1'],
    ['a suffix', 'org.beacon.alert.raised.v1.json'],
    ['the empty string', ''],
  ])('given %s, when parsed, then it is refused', (_case, type) => {
    expect(tryParseEventType(type)).toBeUndefined();
    expect(() => parseEventType(type)).toThrow(InvalidEventTypeError);
  });

  it('given a non-string, when tried, then it is undefined rather than a crash', () => {
    expect(tryParseEventType(42)).toBeUndefined();
    expect(tryParseEventType(null)).toBeUndefined();
  });

  it('given a very long name, when tried, then it is refused', () => {
    expect(tryParseEventType(`org.beacon.${'a'.repeat(300)}.raised.v1`)).toBeUndefined();
  });

  it('given a name and version, when formatted, then parsing gives them back', () => {
    const type = formatEventType('referral.created', 2);
    expect(type).toBe('org.beacon.referral.created.v2');
    expect(parseEventType(type)).toEqual({ name: 'referral.created', version: 2 });
  });

  it('given a malformed name, when formatted, then it throws', () => {
    expect(() => formatEventType('Referral', 1)).toThrow(InvalidEventTypeError);
  });
});
