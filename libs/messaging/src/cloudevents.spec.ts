import fc from 'fast-check';
import { decodeCloudEvent, encodeCloudEvent, type CloudEvent } from './cloudevents';

const event: CloudEvent<{ urgency: string }> = {
  id: '3f1c2a4e-0b7d-4f38-9d7c-5a1e2b3c4d5e',
  source: 'urn:beacon:partner:metro-police',
  type: 'org.beacon.referral.created.v1',
  specversion: '1.0',
  time: '2026-11-25T09:00:00Z',
  subject: 'subj-42',
  dataschema: 'https://beacon.example/schemas/org.beacon.referral.created.v1.json',
  datacontenttype: 'application/json',
  correlationid: 'corr-1',
  data: { urgency: 'urgent' },
};

describe('CloudEvents binary mode', () => {
  it('given an event, when encoded and decoded, then it is the same event, keyed by subject', () => {
    const record = encodeCloudEvent(event);
    expect(record.key).toBe('subj-42');
    expect(record.headers).toMatchObject({
      ce_type: event.type,
      ce_correlationid: 'corr-1',
      'content-type': 'application/json',
    });
    expect(record.headers).not.toHaveProperty('ce_causationid');
    expect(decodeCloudEvent({ ...record, value: Buffer.from(record.value as string) })).toEqual({
      ok: true,
      event,
    });
  });

  it('given a record without ce_id and ce_subject, when decoded, then each missing header is named by pointer', () => {
    const record = encodeCloudEvent(event);
    const headers = { ...(record.headers as Record<string, string>) };
    delete headers.ce_id;
    delete headers.ce_subject;
    const result = decodeCloudEvent({ key: null, value: record.value as string, headers });
    expect(result).toEqual({
      ok: false,
      errors: [
        { pointer: '/headers/ce_id', message: 'header ce_id is required' },
        { pointer: '/headers/ce_subject', message: 'header ce_subject is required' },
      ],
    });
  });

  it('given a bad time, version, type and body, when decoded, then every problem is reported with where it is', () => {
    const result = decodeCloudEvent({
      key: 'subj-42',
      value: '{"urgency":',
      headers: {
        ce_id: 'x',
        ce_source: 's',
        ce_type: 'alert',
        ce_specversion: '0.3',
        ce_time: 'yesterday',
        ce_subject: 'subj-42',
        'content-type': 'text/plain',
      },
    });
    expect(result.ok).toBe(false);
    const pointers = result.ok ? [] : result.errors.map((e) => e.pointer);
    expect(pointers).toEqual([
      '/headers/ce_specversion',
      '/headers/ce_time',
      '/headers/ce_type',
      '/headers/content-type',
      '/data',
    ]);
  });

  it('given a key that differs from ce_subject, when decoded, then it is refused: one order per subject depends on it', () => {
    const record = encodeCloudEvent(event);
    const result = decodeCloudEvent({ ...record, key: 'someone-else', value: record.value as string });
    expect(result).toMatchObject({ ok: false, errors: [{ pointer: '/key' }] });
  });

  it('for any bytes and headers, decoding never throws and either succeeds or says why', () => {
    const headerValue = fc.oneof(
      fc.string(),
      fc.uint8Array().map((a) => Buffer.from(a)),
    );
    fc.assert(
      fc.property(
        fc.option(
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
          { nil: null },
        ),
        fc.dictionary(
          fc.constantFrom(
            'ce_id',
            'ce_source',
            'ce_type',
            'ce_specversion',
            'ce_time',
            'ce_subject',
            'content-type',
            'x',
          ),
          headerValue,
        ),
        (value, headers) => {
          const result = decodeCloudEvent({ key: null, value, headers });
          return result.ok ? result.event.specversion === '1.0' : result.errors.length > 0;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
