/**
 * Getis-Ord Gi*: a hot-spot statistic. For each area it compares the sum of
 * the counts in its neighbourhood (the area itself and its neighbours) with
 * what that sum would be if counts were spread evenly, in standard
 * deviations (a z-score). A high z-score marks a cluster of high counts, not
 * one high count alone, which is why hot spots are ranked by it rather than
 * by raw counts.
 *
 * Getis, A. and Ord, J. K. (1992), "The analysis of spatial association by
 * use of distance statistics"; Ord and Getis (1995), eq. for G*_i with binary
 * weights: neighbours (and the area itself) weigh 1, every other area 0.
 */

export interface AreaCount {
  readonly area: string;
  readonly count: number;
}

export interface HotSpot {
  readonly area: string;
  readonly count: number;
  /** Gi* as a z-score: how many standard deviations the neighbourhood's sum lies above the even spread. */
  readonly z: number;
  /** Two-sided p-value of z under the normal approximation. */
  readonly p: number;
  /** `hot` when z ≥ 1.96 (p ≤ 0.05), `cold` when z ≤ −1.96, otherwise `none`. */
  readonly significance: 'hot' | 'cold' | 'none';
}

/** Standard normal cumulative distribution (Abramowitz and Stegun 7.1.26 for erf; error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Gi* for every area, ranked by z (highest first, then by count, then by
 * name). `neighbours(area)` names the areas adjacent to it (H3 ring 1, or
 * regions that share a border); names that are not among `counts` are
 * ignored, and the area itself is always in its own neighbourhood.
 */
export function getisOrdGiStar(
  counts: readonly AreaCount[],
  neighbours: (area: string) => readonly string[],
): HotSpot[] {
  const n = counts.length;
  const index = new Map(counts.map((c, i) => [c.area, i]));
  if (index.size !== n) throw new Error('each area may appear once in the counts');
  if (n < 2) {
    return counts.map((c) => ({ area: c.area, count: c.count, z: 0, p: 1, significance: 'none' as const }));
  }
  const values = counts.map((c) => c.count);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / n);
  const spots = counts.map((c, i): HotSpot => {
    const hood = new Set<number>([i]);
    for (const name of neighbours(c.area)) {
      const j = index.get(name);
      if (j !== undefined) hood.add(j);
    }
    const weights = hood.size; // binary weights: Σw = Σw² = the neighbourhood's size
    const local = [...hood].reduce((a, j) => a + values[j], 0);
    const denominator = s * Math.sqrt((n * weights - weights * weights) / (n - 1));
    // No spread, or a neighbourhood that is every area: nothing stands out.
    const z = denominator > 0 ? (local - mean * weights) / denominator : 0;
    const p = z === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z)));
    return {
      area: c.area,
      count: c.count,
      z,
      p,
      significance: z >= 1.96 ? 'hot' : z <= -1.96 ? 'cold' : 'none',
    };
  });
  return spots.sort((a, b) => b.z - a.z || b.count - a.count || a.area.localeCompare(b.area));
}
