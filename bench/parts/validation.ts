import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { encodeCloudEvent, admitInboundRecord, partnerSource } from '@beacon/messaging';
import { measureRate, type Measurement } from '../harness';

const TYPE = 'org.beacon.alert.raised.v1';

/**
 * Contract checks alone: ajv validation of alert data (valid, and broken
 * copies that exercise the error path), and the whole admission of an
 * inbound record (envelope, safe JSON parse, source, type, data).
 */
export function benchValidation(options: { seconds: number; runs: number }): Measurement[] {
  const registry = SchemaRegistry.load();
  const valid = loadExamples()
    .filter((e) => e.type === TYPE)
    .map((e) => e.payload as Record<string, unknown>);
  const broken = valid.map((payload) => ({ ...payload, urgency: 'asap', surplus: true }));
  const records = valid.map((example) => {
    const data = withOriginator(TYPE, example, 'metro-police');
    const encoded = encodeCloudEvent({
      id: 'bench',
      source: partnerSource('metro-police'),
      type: TYPE,
      specversion: '1.0',
      time: '2026-11-25T09:00:00Z',
      subject: (data.subject as { subjectId: string }).subjectId,
      datacontenttype: 'application/json',
      data,
    });
    return {
      key: encoded.key as string,
      value: Buffer.from(encoded.value as string),
      headers: encoded.headers,
    };
  });
  const check = (ok: boolean, expected: boolean) => {
    if (ok !== expected) throw new Error('benchmark input gave an unexpected validation result');
  };
  const part = 'contracts';
  return [
    {
      part,
      metric: 'ajv validations, valid alert data',
      unit: 'validations/s',
      ...measureRate((i) => check(registry.validate(TYPE, valid[i % valid.length]).ok, true), options),
    },
    {
      part,
      metric: 'ajv validations, invalid alert data (errors described)',
      unit: 'validations/s',
      ...measureRate((i) => check(registry.validate(TYPE, broken[i % broken.length]).ok, false), options),
    },
    {
      part,
      metric: 'inbound admissions (bytes + headers → admitted event)',
      unit: 'records/s',
      ...measureRate(
        (i) =>
          check(
            admitInboundRecord(records[i % records.length], { partnerId: 'metro-police', registry }).ok,
            true,
          ),
        options,
      ),
    },
  ];
}
