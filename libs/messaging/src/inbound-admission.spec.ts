import fc from 'fast-check';
import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { encodeCloudEvent, type CloudEvent, type IncomingRecord } from './cloudevents';
import { admitInboundRecord, partnerSource } from './inbound-admission';

const registry = SchemaRegistry.load();
const alertData = withOriginator(
  'org.beacon.alert.raised.v1',
  loadExamples().find((e) => e.type === 'org.beacon.alert.raised.v1')?.payload as Record<string, unknown>,
  'metro-police',
) as Record<string, unknown> & { raisedBy: { organisation: Record<string, unknown> } };
const context = { partnerId: 'metro-police', registry };

function alert(overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    id: 'evt-1',
    source: partnerSource('metro-police'),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: '2026-11-25T09:00:00Z',
    subject: (alertData.subject as { subjectId: string }).subjectId,
    datacontenttype: 'application/json',
    data: alertData,
    ...overrides,
  };
}

function record(
  event: CloudEvent,
  patch: (r: IncomingRecord & { headers: Record<string, string> }) => void = () => undefined,
) {
  const encoded = encodeCloudEvent(event);
  const r = {
    key: encoded.key as string,
    value: Buffer.from(encoded.value as string),
    headers: { ...(encoded.headers as Record<string, string>) },
  };
  patch(r);
  return r;
}

function reasonsOf(r: IncomingRecord) {
  const result = admitInboundRecord(r, context);
  if (result.ok) throw new Error('expected a refusal');
  return result.reasons;
}

describe('admitting a partner’s inbound record', () => {
  it('given a valid alert from the partner’s own source, then it is admitted with the type’s dataschema', () => {
    const result = admitInboundRecord(record(alert()), context);
    expect(result).toEqual({
      ok: true,
      event: { ...alert(), dataschema: registry.dataschemaFor('org.beacon.alert.raised.v1') },
    });
  });

  it('given a body that is not JSON, then the reason points at /data', () => {
    expect(reasonsOf(record(alert(), (r) => (r.value = Buffer.from('{"alertId": '))))).toEqual([
      { pointer: '/data', message: expect.stringMatching(/^the body is not JSON/) },
    ]);
  });

  it('given bytes that are not UTF-8, then it says so', () => {
    expect(reasonsOf(record(alert(), (r) => (r.value = Buffer.from([0x7b, 0xff, 0x7d]))))).toEqual([
      { pointer: '/data', message: 'the body is not valid UTF-8' },
    ]);
  });

  it('given a wrong content type, then the header is named', () => {
    expect(reasonsOf(record(alert(), (r) => (r.headers['content-type'] = 'application/xml')))).toEqual([
      {
        pointer: '/headers/content-type',
        message: 'content-type must be application/json (binary mode); got "application/xml"',
      },
    ]);
  });

  it('given a blank ce_id and no ce_time, then both are named', () => {
    const reasons = reasonsOf(
      record(alert(), (r) => {
        r.headers.ce_id = '';
        delete (r.headers as Record<string, string | undefined>).ce_time;
      }),
    );
    expect(reasons.map((x) => x.pointer)).toEqual(['/headers/ce_id', '/headers/ce_time']);
  });

  it('given an unknown type or an unknown version, then the reason says which and lists the known versions', () => {
    expect(reasonsOf(record(alert({ type: 'org.beacon.sighting.reported.v1' })))).toEqual([
      { pointer: '/headers/ce_type', message: 'unknown event type "org.beacon.sighting.reported.v1"' },
    ]);
    expect(reasonsOf(record(alert({ type: 'org.beacon.alert.raised.v9' })))).toEqual([
      {
        pointer: '/headers/ce_type',
        message:
          'version 9 of alert.raised does not exist; known: org.beacon.alert.raised.v1, org.beacon.alert.raised.v2',
      },
    ]);
  });

  it('given a type only Beacon may produce, then a partner may not publish it', () => {
    expect(reasonsOf(record(alert({ type: 'org.beacon.disclosure.recorded.v1' })))[0].message).toBe(
      'disclosure.recorded events are produced by Beacon itself and may not be published by partners',
    );
  });

  it('given another partner’s source, then the event is refused: a partner speaks only for itself', () => {
    expect(reasonsOf(record(alert({ source: partnerSource('safe-harbour') })))).toEqual([
      {
        pointer: '/headers/ce_source',
        message:
          '"urn:beacon:partner:safe-harbour" is not this partner\'s source; events on this topic must carry urn:beacon:partner:metro-police',
      },
    ]);
  });

  it('given a body over 1 MiB, nesting deeper than 32, or a __proto__ key, then each is refused with where', () => {
    expect(reasonsOf(record(alert({ data: { narrative: 'x'.repeat(1024 * 1024) } })))[0].message).toMatch(
      /at most 1048576 are accepted/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(reasonsOf(record(alert({ data: { a: deep } })))[0].message).toBe(
      'nesting is deeper than 32 levels',
    );
    expect(
      reasonsOf(record(alert(), (r) => (r.value = Buffer.from('{"subject":{"__proto__":{}}}')))),
    ).toEqual([{ pointer: '/data/subject/__proto__', message: 'the key "__proto__" is not allowed' }]);
  });

  it('given a ce_subject that differs from the subject id in the data, then it is refused: the key decides the order', () => {
    expect(reasonsOf(record(alert({ subject: '0b7c9a52-1d8e-4f3a-9c6b-2e5d8f1a4b70' })))).toEqual([
      {
        pointer: '/headers/ce_subject',
        message: `"0b7c9a52-1d8e-4f3a-9c6b-2e5d8f1a4b70" differs from the subject id in the data ("${(alertData.subject as { subjectId: string }).subjectId}")`,
      },
    ]);
  });

  it('given data that names another partner as its originator, then it is refused: routing trusts that field', () => {
    const data = {
      ...alertData,
      raisedBy: {
        ...alertData.raisedBy,
        organisation: { ...alertData.raisedBy.organisation, partnerId: 'safe-harbour' },
      },
    };
    expect(reasonsOf(record(alert({ data })))).toEqual([
      {
        pointer: '/data/raisedBy/organisation/partnerId',
        message: '"safe-harbour" is not the partner that sent this event (metro-police)',
      },
    ]);
  });

  it('given data that breaks the schema, then every field is named with a plain message', () => {
    const bad = {
      ...alertData,
      urgency: 'whenever',
      observedAt: 'last tuesday',
      narrative: 'n'.repeat(100_000),
      subject: { ...(alertData.subject as object), ageEstimate: { minYears: -3, maxYears: 400 } },
      extra: true,
    };
    const pointers = reasonsOf(record(alert({ data: bad })))
      .map((x) => x.pointer)
      .sort();
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/data/extra',
        '/data/narrative',
        '/data/observedAt',
        '/data/subject/ageEstimate/minYears',
        '/data/urgency',
      ]),
    );
  });

  it('for any headers and body, admission never throws and a refusal always has a reason', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('org.beacon.alert.raised.v1', partnerSource('metro-police'), '1.0'),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'ce_id',
            'ce_source',
            'ce_type',
            'ce_specversion',
            'ce_time',
            'ce_subject',
            'ce_dataschema',
            'content-type',
          ),
          text,
        ),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.string(),
        ),
        (headers, body) => {
          const result = admitInboundRecord({ key: null, value: Buffer.from(body), headers }, context);
          return result.ok || (result.reasons.length > 0 && result.reasons.length <= 100);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
