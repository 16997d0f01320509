import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DailyBudget, PublicNoise, noiseVariance, twoSidedGeometric } from './public-noise';

describe('twoSidedGeometric', () => {
  it('given many draws, then the noise centres on zero with the variance the mechanism promises', () => {
    // given: a fixed key, so the draws (and this test) are the same on every run
    const noise = new PublicNoise(Buffer.alloc(32, 7));
    const epsilon = 0.5;

    // when
    const draws = Array.from({ length: 20_000 }, (_, i) => {
      const release = noise.count('test', `cell ${i}`, 1_000, epsilon, 1);
      return (release.published.value as number) - 1_000;
    });

    // then: mean within 4 standard errors of 0, variance within 10 % of 2α/(1 − α)²
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    const expected = noiseVariance(epsilon, 1);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expected / draws.length));
    expect(variance / expected).toBeGreaterThan(0.9);
    expect(variance / expected).toBeLessThan(1.1);
  });

  it('given a non-positive ε, then it refuses', () => {
    expect(() => twoSidedGeometric(0, 1, 0.5, 0.5)).toThrow('ε and the sensitivity must be positive');
  });
});

describe('PublicNoise', () => {
  it('given the same release asked twice the same day, then the answer is the same, so repeating cannot average the noise away', () => {
    const noise = new PublicNoise(randomBytes(32));

    const first = noise.count('hotspots?region=Westshire', 'Eastbrook', 57, 0.5, 1);
    const again = noise.count('hotspots?region=Westshire', 'Eastbrook', 57, 0.5, 1);

    expect(again).toEqual(first);
  });

  it('given any count, ε and key (property), then no published count is from 1 to 10', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string(),
        (value, epsilon, key, cell) => {
          const { published } = new PublicNoise(Buffer.from(key)).count('r', cell, value, epsilon, 1);
          return published.suppressed
            ? published.value === null
            : published.value === 0 || published.value >= 11;
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('given a short key, then it refuses', () => {
    expect(() => new PublicNoise(Buffer.alloc(16))).toThrow('the day key must be at least 32 bytes');
  });
});

describe('DailyBudget', () => {
  it('given releases that would pass the day’s budget, then the last is refused, a repeat is free, and the next day starts afresh', () => {
    const budget = new DailyBudget(1);

    expect(budget.charge('a', 0.5, '2026-12-04')).toBe(true);
    expect(budget.charge('b', 0.5, '2026-12-04')).toBe(true);
    expect(budget.charge('a', 0.5, '2026-12-04')).toBe(true);
    expect(budget.charge('c', 0.1, '2026-12-04')).toBe(false);
    expect(budget.remaining('2026-12-04')).toBeCloseTo(0);
    expect(budget.charge('c', 0.1, '2026-12-05')).toBe(true);
    expect(budget.remaining('2026-12-05')).toBeCloseTo(0.9);
  });
});
