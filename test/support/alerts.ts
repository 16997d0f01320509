import { randomUUID } from 'node:crypto';
import { loadExamples } from '@beacon/contracts';
import { partnerSource, type CloudEvent } from '@beacon/messaging';

const EXAMPLE = loadExamples().find((e) => e.name === 'labour-exploitation-car-wash')?.payload as
  (Record<string, unknown> & { subject: Record<string, unknown> }) | undefined;

/**
 * An urgent labour alert raised by the school, about `subjectId` (a fresh
 * subject when omitted). The shipped policy routes it to police, health care
 * and NGOs and never back to the school, so suites know its recipients.
 */
export function schoolAlert(correlationId: string, subjectId: string = randomUUID()): CloudEvent {
  if (EXAMPLE === undefined) throw new Error('the car-wash alert example is missing from schemas/examples');
  return {
    id: randomUUID(),
    source: partnerSource('northside-school'),
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: subjectId,
    datacontenttype: 'application/json',
    correlationid: correlationId,
    data: {
      ...EXAMPLE,
      urgency: 'urgent',
      raisedBy: {
        ...(EXAMPLE.raisedBy as object),
        organisation: {
          partnerId: 'northside-school',
          name: 'Northside Secondary School',
          sector: 'education',
        },
      },
      subject: { ...EXAMPLE.subject, subjectId },
    },
  };
}
