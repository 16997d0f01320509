/**
 * Forecasts of weekly counts, published only where they beat a baseline.
 *
 * The model is additive Holt-Winters (exponential smoothing with level,
 * trend and season; Hyndman and Athanasopoulos, "Forecasting: Principles and
 * Practice", 3rd ed., §8.3), its smoothing parameters chosen on a grid by
 * the sum of squared one-step errors; without two full seasons of history
 * it drops the season (Holt's linear trend, damped). The baseline is the
 * seasonal naive forecast (each week as the same week a season before), or
 * the naive one (the last value) without a full season.
 *
 * Both are judged by a rolling-origin backtest: for every origin from
 * `minTrain` on, fit on the weeks before it and forecast the next `horizon`
 * weeks; the mean absolute error over all those forecasts is the model's
 * error. A forecast is shown only when the model's error is below the
 * baseline's, and its prediction interval comes from the backtest's own
 * errors at each horizon (empirical quantiles), not from a distribution the
 * data may not follow.
 */

export interface Forecaster {
  readonly name: string;
  /** Point forecasts for the `horizon` weeks after `history`. */
  forecast(history: readonly number[], horizon: number): number[];
}

/** The seasonal naive forecast, or the naive one when the history is shorter than a season. */
export function seasonalNaive(period: number): Forecaster {
  return {
    name: `seasonal naive (period ${period})`,
    forecast(history, horizon) {
      if (history.length === 0) throw new Error('a forecast needs at least one week of history');
      return Array.from({ length: horizon }, (_, h) => {
        if (history.length >= period) return history[history.length - period + (h % period)];
        return history[history.length - 1];
      });
    },
  };
}

interface Smoothing {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Runs additive Holt-Winters (season 0 when `period` is 0) and returns its one-step SSE and final state. */
function smooth(history: readonly number[], period: number, p: Smoothing) {
  const seasonal = period > 0 && history.length >= 2 * period;
  const m = seasonal ? period : 0;
  let level: number;
  let trend: number;
  const season = new Array<number>(Math.max(m, 1)).fill(0);
  let start: number;
  if (m > 0) {
    const first = history.slice(0, m).reduce((a, b) => a + b, 0) / m;
    const second = history.slice(m, 2 * m).reduce((a, b) => a + b, 0) / m;
    level = first;
    trend = (second - first) / m;
    for (let i = 0; i < m; i += 1) season[i] = history[i] - first;
    start = m;
  } else {
    level = history[0];
    trend = history.length > 1 ? history[1] - history[0] : 0;
    start = 1;
  }
  let sse = 0;
  for (let t = start; t < history.length; t += 1) {
    const s = m > 0 ? season[t % m] : 0;
    const predicted = level + p.phi * trend + s;
    const error = history[t] - predicted;
    sse += error * error;
    const previousLevel = level;
    level = p.alpha * (history[t] - s) + (1 - p.alpha) * (previousLevel + p.phi * trend);
    trend = p.beta * (level - previousLevel) + (1 - p.beta) * p.phi * trend;
    if (m > 0) season[t % m] = p.gamma * (history[t] - level) + (1 - p.gamma) * s;
  }
  return { sse, level, trend, season, m, n: history.length };
}

const GRID = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

/** Additive Holt-Winters with a damped trend, fitted on a grid. */
export function holtWinters(period: number): Forecaster {
  return {
    name: `Holt-Winters (additive, damped, period ${period})`,
    forecast(history, horizon) {
      if (history.length < 3) return seasonalNaive(period).forecast(history, horizon);
      let best: { sse: number; p: Smoothing } | undefined;
      for (const alpha of GRID)
        for (const beta of [0.01, 0.05, 0.1, 0.2])
          for (const gamma of history.length >= 2 * period ? [0.05, 0.1, 0.3] : [0])
            for (const phi of [0.8, 0.9, 0.98]) {
              const p = { alpha, beta, gamma, phi };
              const { sse } = smooth(history, period, p);
              if (!best || sse < best.sse) best = { sse, p };
            }
      const p = (best as { p: Smoothing }).p;
      const state = smooth(history, period, p);
      const out: number[] = [];
      let damp = 0;
      for (let h = 1; h <= horizon; h += 1) {
        damp += p.phi ** h;
        const s = state.m > 0 ? state.season[(state.n + h - 1) % state.m] : 0;
        // Counts are never negative.
        out.push(Math.max(0, state.level + damp * state.trend + s));
      }
      return out;
    },
  };
}

export interface Backtest {
  readonly model: string;
  /** Mean absolute error over every origin and horizon. */
  readonly mae: number;
  /** Absolute errors by horizon (index 0 = one week ahead), for the prediction intervals. */
  readonly errorsByHorizon: readonly (readonly number[])[];
  readonly origins: number;
}

/** Rolling-origin backtest of `model` over `series`. */
export function rollingOriginBacktest(
  model: Forecaster,
  series: readonly number[],
  horizon: number,
  minTrain: number,
): Backtest {
  const errorsByHorizon: number[][] = Array.from({ length: horizon }, () => []);
  let origins = 0;
  for (let origin = minTrain; origin + 1 <= series.length; origin += 1) {
    const predicted = model.forecast(series.slice(0, origin), horizon);
    for (let h = 0; h < horizon && origin + h < series.length; h += 1) {
      errorsByHorizon[h].push(Math.abs(series[origin + h] - predicted[h]));
    }
    origins += 1;
  }
  const all = errorsByHorizon.flat();
  if (all.length === 0) throw new Error(`a backtest needs more than ${minTrain} weeks of history`);
  return { model: model.name, mae: all.reduce((a, b) => a + b, 0) / all.length, errorsByHorizon, origins };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at];
}

export interface WeeklyForecast {
  /** The model's and the baseline's backtest, side by side. */
  readonly backtest: { readonly model: Backtest; readonly baseline: Backtest };
  /** Present only when the model's backtest error is below the baseline's. */
  readonly forecast?: readonly {
    readonly step: number;
    readonly value: number;
    /** The 80 % interval from the backtest's absolute errors at this horizon. */
    readonly lower: number;
    readonly upper: number;
  }[];
  /** Why no forecast is shown, when none is. */
  readonly withheld?: string;
}

/**
 * Forecasts `horizon` weeks after `series` when the model beats the
 * baseline in a rolling-origin backtest; otherwise says why not.
 */
export function forecastWeekly(
  series: readonly number[],
  options: { horizon: number; period: number; minTrain: number },
): WeeklyForecast {
  const model = holtWinters(options.period);
  const baselineModel = seasonalNaive(options.period);
  const backtest = {
    model: rollingOriginBacktest(model, series, options.horizon, options.minTrain),
    baseline: rollingOriginBacktest(baselineModel, series, options.horizon, options.minTrain),
  };
  if (!(backtest.model.mae < backtest.baseline.mae)) {
    return {
      backtest,
      withheld: `the model's backtest error (${backtest.model.mae.toFixed(2)}) is not below the baseline's (${backtest.baseline.mae.toFixed(2)})`,
    };
  }
  const points = model.forecast(series, options.horizon);
  return {
    backtest,
    forecast: points.map((value, h) => {
      const errors = [...backtest.model.errorsByHorizon[h]].sort((a, b) => a - b);
      const width = quantile(errors, 0.8);
      return { step: h + 1, value, lower: Math.max(0, value - width), upper: value + width };
    }),
  };
}
