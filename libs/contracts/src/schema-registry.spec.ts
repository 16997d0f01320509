import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BEACON_CATEGORIES } from './categories';
import { loadExamples } from './examples';
import { SchemaRegistry, defaultSchemasDir } from './schema-registry';

const registry = SchemaRegistry.load();
const examples = loadExamples();

const EXPECTED_TYPES = [
  'org.beacon.access.recorded.v1',
  'org.beacon.alert.raised.v1',
  'org.beacon.alert.raised.v2',
  'org.beacon.break-glass.granted.v1',
  'org.beacon.consent.granted.v1',
  'org.beacon.consent.revoked.v1',
  'org.beacon.disclosure.recorded.v1',
  'org.beacon.disclosure.retracted.v1',
  'org.beacon.event.rejected.v1',
  'org.beacon.referral.created.v1',
  'org.beacon.referral.escalated.v1',
  'org.beacon.referral.status-changed.v1',
  'org.beacon.tip.submitted.v1',
];

/** A valid alert to break one field at a time. */
function validAlert(): Record<string, any> {
  const example = examples.find((e) => e.name === 'labour-exploitation-car-wash');
  if (example === undefined) throw new Error('the car-wash example is missing');
  return structuredClone(example.payload) as Record<string, any>;
}

function errorsOf(type: string, data: unknown) {
  const result = registry.validate(type, data);
  if (result.ok) throw new Error(`expected ${type} data to be refused`);
  return result.errors;
}

const ALERT = 'org.beacon.alert.raised.v1';

describe('SchemaRegistry over schemas/', () => {
  it('compiles every event schema in strict mode', () => {
    expect(registry.types()).toEqual(EXPECTED_TYPES);
    for (const type of EXPECTED_TYPES) expect(registry.has(type)).toBe(true);
  });

  it('loads a folder once per process', () => {
    expect(SchemaRegistry.load()).toBe(registry);
    expect(SchemaRegistry.load(defaultSchemasDir())).toBe(registry);
  });

  it('gives each schema the $id that events carry as dataschema', () => {
    expect(registry.dataschemaFor(ALERT)).toBe(
      'https://schemas.beacon.example/org.beacon.alert.raised.v1.json',
    );
    expect(registry.schemaFor(ALERT).$id).toBe(registry.dataschemaFor(ALERT));
  });

  it('lists the versions of a name, oldest first', () => {
    expect(registry.versionsOf('alert.raised')).toEqual([
      'org.beacon.alert.raised.v1',
      'org.beacon.alert.raised.v2',
    ]);
    expect(registry.names()).toContain('referral.status-changed');
  });

  it('has at least two examples for every type, and no examples for unknown types', () => {
    const thin = registry.types().filter((type) => examples.filter((e) => e.type === type).length < 2);
    expect(thin).toEqual([]);
    for (const example of examples) expect(registry.types()).toContain(example.type);
  });

  it.each(examples.map((e) => [e.type, e.name, e.payload] as const))(
    'accepts the example %s / %s',
    (type, _name, payload) => {
      expect(registry.validate(type, payload)).toEqual({ ok: true });
    },
  );

  it('keeps the category vocabulary of the schemas and of the code the same', () => {
    const vocabulary = registry
      .sharedSchemas()
      .find((s) => String(s.$id).endsWith('/common/vocabulary.json'));
    expect((vocabulary?.$defs as any).dataCategory.enum).toEqual([...BEACON_CATEGORIES]);
  });
});

describe('validation messages', () => {
  it('given a wrong enum value, then it lists the allowed values', () => {
    const data = { ...validAlert(), urgency: 'asap' };
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/urgency', message: 'must be one of: routine, priority, urgent, emergency' },
    ]);
  });

  it('given a missing required field, then the pointer names the field', () => {
    const { raisedAt: _raisedAt, ...data } = validAlert();
    expect(errorsOf(ALERT, data)).toEqual([{ pointer: '/raisedAt', message: 'is required' }]);
  });

  it('given an extra field, then the pointer names it and says there is no such field', () => {
    const data = validAlert();
    data.subject.dob = '1994-07-03';
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/subject/dob', message: 'is not allowed here (no such field)' },
    ]);
  });

  it('given a field with a slash in its name, then the pointer escapes it', () => {
    const data = { ...validAlert(), 'a/b': 1 };
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/a~1b', message: 'is not allowed here (no such field)' },
    ]);
  });

  it('given a string that is too long, then it says the limit in characters', () => {
    const data = validAlert();
    data.subject.givenName = 'x'.repeat(101);
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/subject/givenName', message: 'must be at most 100 characters' },
    ]);
  });

  it('given an impossible date, then it shows the expected form', () => {
    const data = validAlert();
    data.subject.dateOfBirth = '1994-02-30';
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/subject/dateOfBirth', message: 'must be a date like 2025-03-14' },
    ]);
  });

  it('given a date-time without a time zone, then it asks for one', () => {
    const data = { ...validAlert(), observedAt: '2025-03-14T11:15:00' };
    expect(errorsOf(ALERT, data)).toEqual([
      {
        pointer: '/observedAt',
        message: 'must be a date and time with a time zone, like 2025-03-14T09:30:00Z',
      },
    ]);
  });

  it('given a number out of range, then it says the limit', () => {
    const data = validAlert();
    data.location.latitude = 91;
    data.subject.ageEstimate.minYears = -1;
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/subject/ageEstimate/minYears', message: 'must be at least 0' },
      { pointer: '/location/latitude', message: 'must be at most 90' },
    ]);
  });

  it('given the wrong type, then it names the expected type in words', () => {
    const data = validAlert();
    data.immediateRisk.dangerToLife = 'no';
    data.subject.ageEstimate.maxYears = 30.5;
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/subject/ageEstimate/maxYears', message: 'must be a whole number' },
      { pointer: '/immediateRisk/dangerToLife', message: 'must be true or false' },
    ]);
  });

  it('given an empty list that needs an item, then it says so', () => {
    const data = { ...validAlert(), exploitationTypes: [] };
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/exploitationTypes', message: 'must have at least one item' },
    ]);
  });

  it('given the same item twice, then it says which', () => {
    const data = { ...validAlert(), exploitationTypes: ['labour', 'labour'] };
    expect(errorsOf(ALERT, data)).toEqual([
      {
        pointer: '/exploitationTypes',
        message: 'must not list the same item twice (items 0 and 1 are equal)',
      },
    ]);
  });

  it('given an unknown location precision, then it lists the known kinds', () => {
    const data = { ...validAlert(), location: { precision: 'street', locality: 'Eastbrook', country: 'GB' } };
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/location/precision', message: 'must be one of: point, area, region' },
    ]);
  });

  it('given a location without precision, then precision is required', () => {
    const data = { ...validAlert(), location: { locality: 'Eastbrook', country: 'GB' } };
    expect(errorsOf(ALERT, data)).toEqual([{ pointer: '/location/precision', message: 'is required' }]);
  });

  it('given an area location with a point field, then only that branch is reported', () => {
    const data = {
      ...validAlert(),
      location: { precision: 'area', locality: 'Eastbrook', country: 'GB', latitude: 1 },
    };
    expect(errorsOf(ALERT, data)).toEqual([
      { pointer: '/location/latitude', message: 'is not allowed here (no such field)' },
    ]);
  });

  it('given a bad pattern, then it shows the pattern', () => {
    const data = validAlert();
    data.subject.nationalities = ['Romania'];
    expect(errorsOf(ALERT, data)).toEqual(
      expect.arrayContaining([
        { pointer: '/subject/nationalities/0', message: 'must match the pattern ^[A-Z]{2}$' },
      ]),
    );
  });

  it('given several mistakes, then it reports all of them', () => {
    const data = { ...validAlert(), urgency: 'asap', alertId: 'not-a-uuid', extra: true };
    expect(errorsOf(ALERT, data).map((e) => e.pointer)).toEqual(['/extra', '/alertId', '/urgency']);
  });

  it('given data that is not an object, then it says what is expected', () => {
    expect(errorsOf(ALERT, 'hello')).toEqual([{ pointer: '', message: 'must be an object' }]);
  });

  it('given an unknown type, then validate answers with an error rather than throwing', () => {
    expect(registry.validate('org.beacon.alert.raised.v9', {})).toEqual({
      ok: false,
      errors: [{ pointer: '', message: 'there is no schema for event type "org.beacon.alert.raised.v9"' }],
    });
    expect(() => registry.schemaFor('org.beacon.alert.raised.v9')).toThrow(/no schema/);
  });
});

describe('category maps', () => {
  it('maps each leaf path of an alert to its category', () => {
    const map = registry.categoryMap(ALERT);
    expect(map.get('/subject/givenName')).toBe('identity');
    expect(map.get('/subject/aliases/*')).toBe('identity');
    expect(map.get('/subject/phoneNumbers/*')).toBe('contact');
    expect(map.get('/subject/documents/*/number')).toBe('identity');
    expect(map.get('/subject/documents/*/type')).toBe('immigration');
    expect(map.get('/subject/nationalities/*')).toBe('demographic');
    expect(map.get('/location/latitude')).toBe('location.precise');
    expect(map.get('/location/locality')).toBe('location.area');
    expect(map.get('/exploitationTypes/*')).toBe('criminal-justice');
    expect(map.get('/narrative')).toBe('narrative');
    expect(map.get('/raisedBy/caseWorker/workPhone')).toBe('operational');
  });

  it('has no entry for containers: objects and arrays themselves are not leaves', () => {
    const map = registry.categoryMap(ALERT);
    expect(map.has('/subject')).toBe(false);
    expect(map.has('/subject/aliases')).toBe(false);
    expect(map.has('/location')).toBe(false);
  });

  it('gives the same category wherever a shared definition is used with its own', () => {
    expect(registry.categoryMap('org.beacon.referral.created.v1').get('/to/organisation/partnerId')).toBe(
      'operational',
    );
    expect(
      registry.categoryMap('org.beacon.tip.submitted.v1').get('/possibleVictims/suspectedNationalities/*'),
    ).toBe('demographic');
    expect(
      registry.categoryMap('org.beacon.referral.created.v1').get('/subject/documents/*/issuingCountry'),
    ).toBe('immigration');
  });
});

describe('SchemaRegistry construction', () => {
  const base = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://schemas.beacon.example/org.beacon.thing.happened.v1.json',
    type: 'object',
    additionalProperties: false,
    properties: { note: { type: 'string', maxLength: 10, 'x-beacon-category': 'narrative' } },
  };

  it('given a well-formed schema, when built, then it validates with it', () => {
    const built = SchemaRegistry.fromSchemas([base]);
    expect(built.types()).toEqual(['org.beacon.thing.happened.v1']);
    expect(built.validate('org.beacon.thing.happened.v1', { note: 'hi' })).toEqual({ ok: true });
  });

  it('given a category outside the vocabulary, when built, then strict compilation refuses it', () => {
    const bad = structuredClone(base) as any;
    bad.properties.note['x-beacon-category'] = 'secret';
    expect(() => SchemaRegistry.fromSchemas([bad])).toThrow(/does not compile/);
  });

  it('given an unknown keyword, when built, then strict mode refuses it', () => {
    const bad = structuredClone(base) as any;
    bad.properties.note.maxlength = 10;
    expect(() => SchemaRegistry.fromSchemas([bad])).toThrow(/unknown keyword/);
  });

  it('given another draft, when built, then it is refused', () => {
    expect(() =>
      SchemaRegistry.fromSchemas([{ ...base, $schema: 'http://json-schema.org/draft-07/schema#' }]),
    ).toThrow(/2020-12/);
  });

  it('given a file whose $id does not match its name, when loaded, then it is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-schemas-'));
    writeFileSync(join(dir, 'org.beacon.thing.happened.v2.json'), JSON.stringify(base));
    expect(() => SchemaRegistry.load(dir)).toThrow(/\$id must be/);
  });

  it('given a file named like no event type, when loaded, then it is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-schemas-'));
    writeFileSync(join(dir, 'thing.json'), JSON.stringify(base));
    expect(() => SchemaRegistry.load(dir)).toThrow(/not an event type/);
  });
});
