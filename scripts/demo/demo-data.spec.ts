import { SchemaRegistry } from '@beacon/contracts';
import { admitInboundRecord, encodeCloudEvent } from '@beacon/messaging';
import { getisOrdGiStar } from '../../apps/insights/src/analysis/getis-ord';
import { loadPartners } from '../provision';
import { DEMO_AREAS, DEMO_PLANTED, demoYear } from './demo-data';

const partners = loadPartners().map((p) => ({ id: p.id, sector: p.sector, name: p.name }));
const start = new Date('2025-12-01T00:00:00Z');
const year = demoYear({ seed: 7, start, partners });

/** Neighbouring localities: those of the same region (the demo regions are small). */
const neighbours = (locality: string) => {
  const region = DEMO_AREAS.find((a) => a.locality === locality)?.region;
  return DEMO_AREAS.filter((a) => a.region === region && a.locality !== locality).map((a) => a.locality);
};

describe('demoYear', () => {
  it('given the same seed, then the same year; given another seed, then another', () => {
    const again = demoYear({ seed: 7, start, partners });
    const other = demoYear({ seed: 8, start, partners });

    expect(JSON.stringify(again)).toBe(JSON.stringify(year));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(year));
  });

  it('given the year, then every event is one intake admits from the partner that sends it', () => {
    const registry = SchemaRegistry.load();
    const refused = year.events.flatMap(({ partnerId, event }) => {
      const m = encodeCloudEvent(event);
      const admitted = admitInboundRecord(
        { key: m.key as string, value: Buffer.from(m.value as string), headers: m.headers },
        { partnerId, registry },
      );
      return admitted.ok ? [] : admitted.reasons.map((r) => `${event.type} ${r.pointer}: ${r.message}`);
    });

    expect([...new Set(refused)]).toEqual([]);
    expect(year.events.length).toBeGreaterThan(1_500);
  });

  it('given the year’s labour alerts per locality, then the planted hot spot ranks first with a significant Gi*', () => {
    const counts = new Map(DEMO_AREAS.map((a) => [a.locality, 0]));
    for (const { event } of year.events) {
      const data = event.data as { exploitationTypes?: string[]; location?: { locality?: string } };
      if (event.type.includes('alert.raised') && data.exploitationTypes?.includes('labour'))
        counts.set(
          data.location?.locality as string,
          (counts.get(data.location?.locality as string) ?? 0) + 1,
        );
    }

    const spots = getisOrdGiStar(
      [...counts].map(([area, count]) => ({ area, count })),
      neighbours,
    );

    expect(spots[0].area).toBe(DEMO_PLANTED.labourHotSpot.locality);
    expect(spots[0].significance).toBe('hot');
  });

  it('given the referrals’ planned answers, then declines for lack of capacity happen in the shortage region and almost nowhere else', () => {
    const lackOfCapacity = year.answers.filter((a) => a.reasonCode === 'lack-of-capacity');
    const inShortage = lackOfCapacity.filter((a) => a.region === DEMO_PLANTED.capacityShortage.region);

    expect(lackOfCapacity.length).toBeGreaterThan(20);
    expect(inShortage.length).toBe(lackOfCapacity.length);
  });

  it('given the year, then labour alerts peak in summer', () => {
    const byMonth = new Array<number>(12).fill(0);
    for (const { event } of year.events) {
      const data = event.data as { exploitationTypes?: string[] };
      if (event.type.includes('alert.raised') && data.exploitationTypes?.includes('labour'))
        byMonth[new Date(event.time as string).getUTCMonth()] += 1;
    }
    const summer = byMonth[5] + byMonth[6] + byMonth[7];
    const winter = byMonth[11] + byMonth[0] + byMonth[1];

    expect(summer).toBeGreaterThan(winter * 1.4);
  });
});
