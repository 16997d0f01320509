import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { partnerSource, topicsFor } from '@beacon/messaging';
import type { InboundEventsPort } from '../ports/inbound-events.port';
import { PublishEventsCommand } from './publish-events.command';
import { PublishEventsHandler } from './publish-events.handler';
import type { InboundRecord } from './structured-event';

const ALERT = withOriginator(
  'org.beacon.alert.raised.v1',
  loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload,
  'metro-police',
) as {
  subject: { subjectId: string };
};
const topics = topicsFor('unit');

class RecordingInbound implements InboundEventsPort {
  readonly appends: { topic: string; records: readonly InboundRecord[] }[] = [];

  async append(topic: string, records: readonly InboundRecord[]): Promise<void> {
    this.appends.push({ topic, records });
  }
}

function alert(id: string, data: unknown = ALERT): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: partnerSource('metro-police'),
    type: 'org.beacon.alert.raised.v1',
    time: '2026-03-14T16:42:00Z',
    subject: ALERT.subject.subjectId,
    data,
  };
}

describe('PublishEventsHandler', () => {
  let inbound: RecordingInbound;
  let handler: PublishEventsHandler;

  beforeEach(() => {
    inbound = new RecordingInbound();
    handler = new PublishEventsHandler(inbound, topics, SchemaRegistry.load());
  });

  it('given valid events, when a partner publishes them, then they are appended in one write to its own inbound topic', async () => {
    // when
    const result = await handler.execute(new PublishEventsCommand('metro-police', [alert('a'), alert('b')]));

    // then
    expect(result).toEqual({ accepted: true, ids: ['a', 'b'], topic: 'unit.inbound.metro-police' });
    expect(inbound.appends).toHaveLength(1);
    expect(inbound.appends[0].topic).toBe('unit.inbound.metro-police');
    expect(inbound.appends[0].records.map((record) => record.headers.ce_id)).toEqual(['a', 'b']);
  });

  it('given one refused event, when a partner publishes the batch, then nothing is appended', async () => {
    // when
    const result = await handler.execute(
      new PublishEventsCommand('metro-police', [alert('a'), alert('b', { ...ALERT, urgency: 'whenever' })]),
    );

    // then
    expect(result).toMatchObject({ accepted: false, errors: [{ index: 1, id: 'b' }] });
    expect(inbound.appends).toEqual([]);
  });

  it('given a partner posting another partner’s events, then they are refused and nothing reaches either topic', async () => {
    // when
    const result = await handler.execute(new PublishEventsCommand('safe-harbour', [alert('a')]));

    // then
    expect(result).toMatchObject({
      accepted: false,
      errors: [{ index: 0, reasons: [{ pointer: '/headers/ce_source' }] }],
    });
    expect(inbound.appends).toEqual([]);
  });
});
