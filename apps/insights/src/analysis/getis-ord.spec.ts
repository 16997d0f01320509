import fc from 'fast-check';
import { getisOrdGiStar, normalCdf } from './getis-ord';

/** A 5 × 5 grid of areas `r,c`, neighbours by shared edge or corner (queen contiguity). */
function grid(counts: (r: number, c: number) => number) {
  const areas = [];
  for (let r = 0; r < 5; r += 1)
    for (let c = 0; c < 5; c += 1) areas.push({ area: `${r},${c}`, count: counts(r, c) });
  const neighbours = (area: string) => {
    const [r, c] = area.split(',').map(Number);
    const out: string[] = [];
    for (let dr = -1; dr <= 1; dr += 1)
      for (let dc = -1; dc <= 1; dc += 1) if (dr !== 0 || dc !== 0) out.push(`${r + dr},${c + dc}`);
    return out;
  };
  return { areas, neighbours };
}

describe('getisOrdGiStar', () => {
  it('given a cluster of high counts around one area, then that area ranks first as a significant hot spot', () => {
    // given: background 5 per area, a cluster of 40s centred on 1,1
    const { areas, neighbours } = grid((r, c) => (Math.abs(r - 1) <= 1 && Math.abs(c - 1) <= 1 ? 40 : 5));

    // when
    const spots = getisOrdGiStar(areas, neighbours);

    // then
    expect(spots[0].area).toBe('1,1');
    expect(spots[0].significance).toBe('hot');
    expect(spots[0].z).toBeGreaterThan(1.96);
    expect(spots[0].count).toBe(40);
    expect(spots.find((s) => s.area === '4,4')?.significance).not.toBe('hot');
  });

  it('given one high count among low neighbours, then its z-score is lower than that of a cluster centre of the same count', () => {
    const lone = getisOrdGiStar(
      ...(Object.values(grid((r, c) => (r === 3 && c === 3 ? 40 : 5))) as [never, never]),
    );
    const cluster = getisOrdGiStar(
      ...(Object.values(grid((r, c) => (Math.abs(r - 1) <= 1 && Math.abs(c - 1) <= 1 ? 40 : 5))) as [
        never,
        never,
      ]),
    );

    expect(lone.find((s) => s.area === '3,3')!.z).toBeLessThan(cluster.find((s) => s.area === '1,1')!.z);
  });

  it('given equal counts everywhere, then nothing is significant', () => {
    const { areas, neighbours } = grid(() => 7);

    const spots = getisOrdGiStar(areas, neighbours);

    expect(spots.every((s) => s.z === 0 && s.significance === 'none' && s.p === 1)).toBe(true);
  });

  it('given an area twice, then it says so', () => {
    expect(() =>
      getisOrdGiStar(
        [
          { area: 'a', count: 1 },
          { area: 'a', count: 2 },
        ],
        () => [],
      ),
    ).toThrow('each area may appear once in the counts');
  });

  it('given any counts (property), then the z-scores are finite and the areas come out ranked by z', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 25, maxLength: 25 }), (values) => {
        const { areas, neighbours } = grid((r, c) => values[r * 5 + c]);
        const spots = getisOrdGiStar(areas, neighbours);
        return (
          spots.length === 25 &&
          spots.every((s) => Number.isFinite(s.z) && s.p >= 0 && s.p <= 1) &&
          spots.every((s, i) => i === 0 || spots[i - 1].z >= s.z)
        );
      }),
    );
  });
});

describe('normalCdf', () => {
  it('given known quantiles, then it matches the normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 4);
  });
});
