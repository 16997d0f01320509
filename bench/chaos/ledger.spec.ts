import { countChaos, violations, type ChaosObservations } from './ledger';

const delivery = (eventId: string, partnerId: string) => ({
  id: `d-${eventId}-${partnerId}`,
  partnerId,
  eventId,
  disclosureId: `r-${eventId}-${partnerId}`,
});
const row = (eventId: string, partnerId: string) => ({
  recordId: `r-${eventId}-${partnerId}`,
  eventId,
  partnerId,
  deliveryId: `d-${eventId}-${partnerId}`,
});

describe('counting a fault run', () => {
  const clean: ChaosObservations = {
    published: [
      { id: 'e1', expected: ['police', 'ngo'] },
      { id: 'e2', expected: ['ngo'] },
      { id: 'e3', expected: [] },
    ],
    accepted: ['e1', 'e2', 'e3'],
    deliveries: [delivery('e1', 'police'), delivery('e1', 'ngo'), delivery('e2', 'ngo')],
    auditRows: [row('e1', 'police'), row('e1', 'ngo'), row('e2', 'ngo')],
  };

  it('given every expected delivery once with its audit row, then every finding is zero', () => {
    const counts = countChaos(clean);
    expect(counts).toMatchObject({
      published: 3,
      accepted: 3,
      expectedDeliveries: 3,
      delivered: 3,
      audited: 3,
    });
    expect(violations(counts)).toEqual([]);
  });

  it('given a missing delivery, then the event counts as lost even though others of it arrived', () => {
    const counts = countChaos({
      ...clean,
      deliveries: clean.deliveries.filter((d) => !(d.eventId === 'e1' && d.partnerId === 'ngo')),
      auditRows: clean.auditRows.filter((r) => !(r.eventId === 'e1' && r.partnerId === 'ngo')),
    });
    expect(violations(counts)).toEqual(['eventsLost=1', 'deliveriesLost=1']);
    expect(counts.examples.deliveriesLost).toEqual(['e1 → ngo']);
  });

  it('given an event that never reached the canonical log, then it is not accepted and its deliveries are lost', () => {
    const counts = countChaos({
      ...clean,
      accepted: ['e1', 'e3'],
      deliveries: clean.deliveries.filter((d) => d.eventId !== 'e2'),
      auditRows: clean.auditRows.filter((r) => r.eventId !== 'e2'),
    });
    expect(violations(counts)).toEqual(['notAccepted=1', 'eventsLost=1', 'deliveriesLost=1']);
  });

  it('given a delivery without its row and a row without its delivery, then both are named', () => {
    const counts = countChaos({
      ...clean,
      auditRows: [row('e1', 'police'), row('e2', 'ngo'), row('e9', 'police')],
    });
    expect(violations(counts)).toEqual(['deliveriesWithoutAudit=1', 'auditWithoutDelivery=1']);
    expect(counts.examples).toMatchObject({
      deliveriesWithoutAudit: ['d-e1-ngo'],
      auditWithoutDelivery: ['r-e9-police'],
    });
  });

  it('given a repeated delivery, a repeated canonical event and a delivery the routing did not name, then each is counted', () => {
    const counts = countChaos({
      ...clean,
      accepted: [...clean.accepted, 'e2'],
      deliveries: [...clean.deliveries, delivery('e2', 'ngo'), delivery('e3', 'school')],
      auditRows: [...clean.auditRows, row('e3', 'school')],
    });
    expect(violations(counts)).toEqual([
      'unexpectedDeliveries=1',
      'duplicateAccepted=1',
      'duplicateDeliveries=1',
    ]);
  });
});
