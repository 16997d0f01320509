import fc from 'fast-check';
import { forecastWeekly, holtWinters, rollingOriginBacktest, seasonalNaive } from './forecast';

/** A deterministic pseudo-random sequence (xorshift), so the series and the test are the same on every run. */
function noise(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 2 ** 32 - 0.5) * 2;
  };
}

describe('seasonalNaive', () => {
  it('given two seasons, then each forecast week repeats the same week of the last season', () => {
    expect(seasonalNaive(4).forecast([1, 2, 3, 4, 5, 6, 7, 8], 6)).toEqual([5, 6, 7, 8, 5, 6]);
  });

  it('given less than a season, then it repeats the last week', () => {
    expect(seasonalNaive(52).forecast([3, 9], 2)).toEqual([9, 9]);
  });
});

describe('holtWinters', () => {
  it('given a steady rising trend, then it carries the trend on', () => {
    const series = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);

    const [next] = holtWinters(52).forecast(series, 1);

    expect(next).toBeGreaterThan(series[series.length - 1]);
    expect(next).toBeLessThan(series[series.length - 1] + 4);
  });

  it('given any non-negative series (property), then forecasts are finite and never negative', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }), (series) =>
        holtWinters(8)
          .forecast(series, 6)
          .every((v) => Number.isFinite(v) && v >= 0),
      ),
      { numRuns: 200 },
    );
  });
});

describe('rollingOriginBacktest', () => {
  it('given a perfectly seasonal series, then the seasonal naive baseline has no error', () => {
    const series = Array.from({ length: 24 }, (_, t) => [5, 9, 14, 7][t % 4]);

    const result = rollingOriginBacktest(seasonalNaive(4), series, 2, 8);

    expect(result.mae).toBe(0);
    expect(result.origins).toBe(16);
    expect(result.errorsByHorizon[1]).toHaveLength(15);
  });
});

describe('forecastWeekly', () => {
  it('given a trend with a season and noise, then the model beats the baseline and the forecast has an interval around it', () => {
    // given: two and a half years of weeks, a yearly wave, a rising trend, noise
    const jitter = noise(42);
    const series = Array.from({ length: 130 }, (_, t) =>
      Math.round(40 + 0.4 * t + 12 * Math.sin((2 * Math.PI * t) / 52) + 4 * jitter()),
    );

    // when
    const result = forecastWeekly(series, { horizon: 8, period: 52, minTrain: 104 });

    // then
    expect(result.backtest.model.mae).toBeLessThan(result.backtest.baseline.mae);
    expect(result.forecast).toHaveLength(8);
    for (const point of result.forecast ?? []) {
      expect(point.lower).toBeLessThanOrEqual(point.value);
      expect(point.upper).toBeGreaterThanOrEqual(point.value);
    }
    expect(result.withheld).toBeUndefined();
  });

  it('given a perfectly seasonal series the baseline cannot be beaten on, then no forecast is shown and it says why', () => {
    const series = Array.from({ length: 40 }, (_, t) => [5, 9, 14, 7][t % 4]);

    const result = forecastWeekly(series, { horizon: 4, period: 4, minTrain: 12 });

    expect(result.forecast).toBeUndefined();
    expect(result.withheld).toMatch(
      /^the model's backtest error \([0-9.]+\) is not below the baseline's \(0\.00\)$/,
    );
  });
});
