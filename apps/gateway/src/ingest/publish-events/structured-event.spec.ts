import fc from 'fast-check';
import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { admitInboundRecord, encodeCloudEvent, partnerSource, type CloudEvent } from '@beacon/messaging';
import { structuredToRecord, type StructuredEvent } from './structured-event';

const registry = SchemaRegistry.load();
const ALERT = withOriginator(
  'org.beacon.alert.raised.v1',
  loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload,
  'metro-police',
) as {
  subject: { subjectId: string };
};

function alert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: 'evt-1',
    source: partnerSource('metro-police'),
    type: 'org.beacon.alert.raised.v1',
    time: '2026-03-14T16:42:00Z',
    subject: ALERT.subject.subjectId,
    datacontenttype: 'application/json',
    correlationid: 'flow-7',
    causationid: 'evt-0',
    data: ALERT,
    ...overrides,
  };
}

describe('turning a structured-mode event into its binary-mode record', () => {
  it('given a complete event, when converted, then the record is the one encodeCloudEvent writes for it', () => {
    // given
    const event = alert();

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    const encoded = encodeCloudEvent(event as unknown as CloudEvent);
    expect(reasons).toEqual([]);
    expect(record.key).toBe(encoded.key);
    expect(record.value?.toString('utf8')).toBe(encoded.value);
    expect(record.headers).toEqual(encoded.headers);
  });

  it('given a complete event, when its record is admitted, then intake’s decision is the same as for the Kafka record', () => {
    // given
    const event = alert({ data: { ...ALERT, urgency: 'whenever' } });
    const fromKafka = encodeCloudEvent(event as unknown as CloudEvent);

    // when
    const viaHttp = admitInboundRecord(structuredToRecord(event).record, {
      partnerId: 'metro-police',
      registry,
    });

    // then
    const viaKafka = admitInboundRecord(
      {
        key: fromKafka.key as string,
        value: Buffer.from(fromKafka.value as string),
        headers: fromKafka.headers,
      },
      { partnerId: 'metro-police', registry },
    );
    expect(viaHttp).toEqual(viaKafka);
    expect(viaHttp).toMatchObject({ ok: false, reasons: [{ pointer: '/data/urgency' }] });
  });

  it('given no datacontenttype, when converted, then the body is declared JSON, as the JSON event format implies', () => {
    // given
    const { datacontenttype: _omitted, ...event } = alert();

    // when
    const { record } = structuredToRecord(event);

    // then
    expect(record.headers['content-type']).toBe('application/json');
  });

  it('given another datacontenttype, when converted, then it is carried for admission to refuse in intake’s words', () => {
    // given
    const event = alert({ datacontenttype: 'text/csv' });

    // when
    const { record } = structuredToRecord(event);

    // then
    expect(record.headers['content-type']).toBe('text/csv');
    expect(admitInboundRecord(record, { partnerId: 'metro-police', registry })).toMatchObject({
      ok: false,
      reasons: [{ pointer: '/headers/content-type' }],
    });
  });

  it('given extension attributes that are text, integers or booleans, when converted, then each becomes a ce_ header', () => {
    // given
    const event = alert({ traceparent: '00-abc-def-01', priority: 3, replayed: false });

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    expect(reasons).toEqual([]);
    expect(record.headers).toMatchObject({
      ce_traceparent: '00-abc-def-01',
      ce_priority: '3',
      ce_replayed: 'false',
    });
  });

  it('given a Beacon attribute that is not a string, when converted, then it is reported at its header pointer and left out', () => {
    // given
    const event = alert({ id: 42, subject: { subjectId: 'x' } });

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    expect(reasons).toEqual([
      { pointer: '/headers/ce_id', message: 'attribute "id" must be a string, not a number' },
      { pointer: '/headers/ce_subject', message: 'attribute "subject" must be a string, not an object' },
    ]);
    expect(record.headers).not.toHaveProperty('ce_id');
    expect(record.key).toBeNull();
  });

  it('given an attribute name CloudEvents does not allow or an extension that is an object, when converted, then both are reported', () => {
    // given
    const event = alert({ 'Trace/Id': 'x', routing: { to: 'safe-harbour' }, ratio: 0.5 });

    // when
    const { reasons } = structuredToRecord(event);

    // then
    expect(reasons).toEqual([
      {
        pointer: '/headers/ce_Trace~1Id',
        message: '"Trace/Id" is not a CloudEvents attribute name: use lower-case letters a-z and digits 0-9',
      },
      {
        pointer: '/headers/ce_routing',
        message: 'attribute "routing" must be a string, an integer or a boolean, not an object',
      },
      {
        pointer: '/headers/ce_ratio',
        message: 'attribute "ratio" must be a string, an integer or a boolean, not a number',
      },
    ]);
  });

  it('given data_base64, when converted, then it is refused: Beacon data is JSON', () => {
    // given
    const { data: _data, ...envelope } = alert();
    const event = { ...envelope, data_base64: Buffer.from(JSON.stringify(ALERT)).toString('base64') };

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    expect(reasons).toEqual([
      {
        pointer: '/data',
        message: 'data_base64 is not accepted: Beacon event data is JSON and travels in "data"',
      },
    ]);
    expect(record.value).toBeNull();
  });

  it('given no data, when converted and admitted, then the body is empty and intake’s reason names it', () => {
    // given
    const { data: _data, ...event } = alert();

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    expect(reasons).toEqual([]);
    expect(admitInboundRecord(record, { partnerId: 'metro-police', registry })).toMatchObject({
      ok: false,
      reasons: [{ pointer: '/data', message: 'the body is empty; a JSON object is required' }],
    });
  });

  it('given a __proto__ member, when converted, then it lends the event no attributes and is reported', () => {
    // given: JSON.parse makes "__proto__" an own member, as the HTTP body parser does
    const event = JSON.parse('{"__proto__": {"id": "smuggled"}, "specversion": "1.0"}') as StructuredEvent;

    // when
    const { record, reasons } = structuredToRecord(event);

    // then
    expect(record.headers).not.toHaveProperty('ce_id');
    expect(reasons.map((reason) => reason.pointer)).toEqual(['/headers/ce___proto__']);
  });

  it('given any JSON object, when converted and admitted, then neither throws', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(
            fc.constantFrom('id', 'source', 'type', 'time', 'subject', 'data', 'data_base64'),
            fc.string(),
          ),
          fc.jsonValue(),
        ),
        (event) => {
          const { record } = structuredToRecord(event);
          admitInboundRecord(record, { partnerId: 'metro-police', registry });
        },
      ),
    );
  });
});
