import { encodeCloudEvent, type CloudEvent } from '@beacon/messaging';
import { inboxItemFromDelivery, isShownTo, readSequence, sseClosed, sseMessage } from './inbox-item';

const delivery: CloudEvent = {
  id: 'd-1',
  source: 'urn:beacon:redaction',
  type: 'org.beacon.referral.created.v1',
  specversion: '1.0',
  time: '2026-11-25T09:00:00Z',
  subject: 'subj-1',
  datacontenttype: 'application/json',
  causationid: 'e-1',
  extensions: { disclosureid: 'r-1', withheldpaths: '/subject/givenName' },
  data: { referralId: 'ref-1', urgency: 'urgent' },
};

function record(value: string, offset = '7') {
  const message = encodeCloudEvent(delivery);
  return {
    key: Buffer.from(String(message.key)),
    value: Buffer.from(value),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]),
    ),
    offset,
  };
}

describe('inboxItemFromDelivery', () => {
  it('given a binary-mode delivery, when read, then the item holds it in structured mode with every attribute and extension', () => {
    // given
    const message = record(JSON.stringify(delivery.data));

    // when
    const reading = inboxItemFromDelivery({
      topic: 't.deliver.safe-harbour',
      partition: 2,
      partnerId: 'safe-harbour',
      message,
    });

    // then
    if (!reading.ok) throw new Error(JSON.stringify(reading.errors));
    expect(reading.item).toMatchObject({
      partnerId: 'safe-harbour',
      topic: 't.deliver.safe-harbour',
      partition: 2,
      offset: '7',
      eventId: 'd-1',
      type: 'org.beacon.referral.created.v1',
      subject: 'subj-1',
    });
    expect(JSON.parse(reading.item.event)).toEqual({
      specversion: '1.0',
      id: 'd-1',
      source: 'urn:beacon:redaction',
      type: 'org.beacon.referral.created.v1',
      time: '2026-11-25T09:00:00Z',
      subject: 'subj-1',
      datacontenttype: 'application/json',
      causationid: 'e-1',
      disclosureid: 'r-1',
      withheldpaths: '/subject/givenName',
      data: { referralId: 'ref-1', urgency: 'urgent' },
    });
  });

  it('given a body with its own spacing and key order, when read, then data keeps it byte for byte', () => {
    // given
    const body = '{ "urgency":"urgent",  "referralId": "ref-1", "n": 1.50 }';

    // when
    const reading = inboxItemFromDelivery({
      topic: 't',
      partition: 0,
      partnerId: 'safe-harbour',
      message: record(body),
    });

    // then
    if (!reading.ok) throw new Error(JSON.stringify(reading.errors));
    expect(reading.item.event.endsWith(`,"data":${body}}`)).toBe(true);
  });

  it('given a record that is not a CloudEvent, when read, then the errors say where', () => {
    // when
    const reading = inboxItemFromDelivery({
      topic: 't',
      partition: 0,
      partnerId: 'safe-harbour',
      message: { key: null, value: Buffer.from('{}'), headers: {}, offset: '0' },
    });

    // then
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.errors.map((e) => e.pointer)).toContain('/headers/ce_type');
  });
});

describe('readSequence', () => {
  it('given nothing, then the stream starts at 0; given a number, then after it', () => {
    expect(readSequence(undefined, 'Last-Event-ID')).toEqual({ ok: true, value: 0 });
    expect(readSequence('', 'Last-Event-ID')).toEqual({ ok: true, value: 0 });
    expect(readSequence('42', 'Last-Event-ID')).toEqual({ ok: true, value: 42 });
  });

  it('given text that is not an item id, then the message names the field', () => {
    for (const raw of ['-1', 'abc', '1.5', '99999999999999999']) {
      const reading = readSequence(raw, 'lastEventId');
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.message).toMatch(/^lastEventId must be/);
    }
  });
});

describe('sseMessage', () => {
  it('given an item, then id is its seq, event its type, and every line of the event is a data line', () => {
    expect(sseMessage({ seq: 12, type: 'org.beacon.referral.created.v1', event: '{"a":\n1}' })).toBe(
      'id: 12\nevent: org.beacon.referral.created.v1\ndata: {"a":\ndata: 1}\n\n',
    );
  });
});

describe('sseClosed', () => {
  it('given a refusal, when written, then it is one stream-closed message without an id, its data the code and reason as JSON', () => {
    // when
    const text = sseClosed('partner_inactive', 'partner safe-harbour is suspended');

    // then
    expect(text).toBe(
      'event: stream-closed\ndata: {"code":"partner_inactive","reason":"partner safe-harbour is suspended"}\n\n',
    );
  });

  it('given a reason with a line break, when written, then it stays on one data line (JSON escapes it)', () => {
    // when / then
    expect(sseClosed('partner_inactive', 'a\nb').split('\n')).toHaveLength(4);
  });
});

describe('isShownTo', () => {
  const escalated = (data: unknown) => ({
    type: 'org.beacon.referral.escalated.v1',
    event: JSON.stringify({ id: 'e-1', type: 'org.beacon.referral.escalated.v1', data }),
  });

  it('given an escalation for supervisors only, then a supervisor is shown it and a case worker is not', () => {
    // given
    const item = escalated({ referralId: 'r-1', notifyRoles: ['supervisor'] });

    // then
    expect(isShownTo(item, ['supervisor'])).toBe(true);
    expect(isShownTo(item, ['case-worker'])).toBe(false);
    expect(isShownTo(item, ['case-worker', 'supervisor'])).toBe(true);
  });

  it('given an escalation for supervisors and case workers, then both are shown it', () => {
    // given
    const item = escalated({ notifyRoles: ['supervisor', 'case-worker'] });

    // then
    expect(isShownTo(item, ['supervisor'])).toBe(true);
    expect(isShownTo(item, ['case-worker'])).toBe(true);
  });

  it('given an escalation whose notifyRoles is missing or unreadable, then every reader is shown it', () => {
    for (const item of [
      escalated({ referralId: 'r-1' }),
      escalated({ notifyRoles: 'supervisor' }),
      escalated(null),
      { type: 'org.beacon.referral.escalated.v1', event: 'not json' },
    ]) {
      expect(isShownTo(item, ['case-worker'])).toBe(true);
    }
  });

  it('given any other event, then every reader is shown it, whatever its data says', () => {
    // given
    const item = {
      type: 'org.beacon.referral.created.v1',
      event: JSON.stringify({ data: { notifyRoles: ['supervisor'] } }),
    };

    // then
    expect(isShownTo(item, ['case-worker'])).toBe(true);
  });
});
