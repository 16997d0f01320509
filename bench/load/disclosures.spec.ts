import { decodeCloudEvent } from '@beacon/messaging';
import { loadPartners as shippedPartners } from '../../scripts/provision';
import { DisclosureFactory } from './disclosures';
import { loadPartners } from './events';
import { ExpectedRouting } from './routing';

describe('DisclosureFactory', () => {
  const partners = loadPartners(5, shippedPartners());
  const factory = new DisclosureFactory(partners, 'benchspec');
  const routing = new ExpectedRouting(partners);

  it('given load events, when made into records, then each recipient the routing names gets one disclosure record of the real shape', () => {
    for (let n = 0; n < 40; n += 1) {
      const records = factory.records(n).map((m) => decodeCloudEvent(m));
      const data = records.map((r) => {
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.event.type).toBe('org.beacon.disclosure.recorded.v1');
        return r.event.data as { recipient: { partnerId: string }; rules: { paths: string[] }[] };
      });
      // event n is made afresh (new ids) but with the same type, sender and content, so the same route
      expect(data.map((d) => d.recipient.partnerId).sort()).toEqual(
        [...routing.recipients(factory.eventOf(n))].sort(),
      );
      // every path has the rule that decided it: far more than a hand-made record's few
      for (const d of data) expect(d.rules.flatMap((r) => r.paths).length).toBeGreaterThan(5);
    }
  });

  it('given a count, when taken, then exactly that many records come back with distinct ids and the next event to use', () => {
    const { records, next } = factory.take(0, 100);
    expect(records).toHaveLength(100);
    expect(new Set(records.map((m) => String(m.headers?.ce_id))).size).toBe(100);
    expect(next).toBeGreaterThan(50);
  });
});
