/**
 * The public tier's noise: differential privacy for the counts Beacon
 * publishes to communities without a login.
 *
 * Each published count gets noise from the two-sided geometric mechanism
 * (Ghosh, Roughgarden and Sundararajan 2009), the discrete Laplace: for a
 * count whose value one person can change by at most `sensitivity`, noise k
 * has probability proportional to α^|k| with α = exp(−ε / sensitivity), which
 * makes the release ε-differentially private.
 *
 * Noise is drawn from a keyed hash of the release and the cell, with a key
 * that changes every day: asking the same question again the same day gives
 * the same answer, so repeating a query cannot average the noise away, and
 * each distinct release is charged to the day's budget once.
 */
import { createHmac } from 'node:crypto';
import { K_ANONYMITY, publishCount, type PublishedCount } from './cell-suppression';

/**
 * A number in (0, 1) from 52 bits of a keyed hash: never 0, so its logarithm
 * is finite.
 */
function uniform(key: Buffer, label: string): number {
  const digest = createHmac('sha256', key).update(label).digest();
  const high = digest.readUInt32BE(0) >>> 12; // 20 bits
  const low = digest.readUInt32BE(4); // 32 bits
  return (high * 2 ** 32 + low + 0.5) / 2 ** 52;
}

/** A draw of the two-sided geometric distribution from two uniforms in (0, 1). */
export function twoSidedGeometric(epsilon: number, sensitivity: number, u1: number, u2: number): number {
  if (!(epsilon > 0) || !(sensitivity > 0)) throw new Error('ε and the sensitivity must be positive');
  const logAlpha = -epsilon / sensitivity;
  // Geometric on {0, 1, …} with P(k) = (1 − α)·α^k, by inversion; the difference of two is two-sided.
  const g = (u: number) => Math.floor(Math.log(u) / logAlpha);
  return g(u1) - g(u2);
}

/** The variance of the two-sided geometric noise: 2α / (1 − α)². */
export function noiseVariance(epsilon: number, sensitivity: number): number {
  const alpha = Math.exp(-epsilon / sensitivity);
  return (2 * alpha) / (1 - alpha) ** 2;
}

export interface NoisyRelease {
  /** The count as published: noisy, never below zero, hidden when the noisy value is under k. */
  readonly published: PublishedCount;
  readonly epsilon: number;
}

/** Adds the day's noise to counts and publishes them, k-suppressed on top. */
export class PublicNoise {
  /** `dayKey` is secret, held in memory, and changes every day (see the class comment). */
  constructor(private readonly dayKey: Buffer) {
    if (dayKey.length < 32) throw new Error('the day key must be at least 32 bytes');
  }

  /**
   * The noisy count of `cell` in `release` (a stable name of the question,
   * its filters included). Suppression looks at the noisy value, never at
   * the true one, so whether a cell is hidden reveals nothing more.
   */
  count(
    release: string,
    cell: string,
    value: number,
    epsilon: number,
    sensitivity: number,
    k = K_ANONYMITY,
  ): NoisyRelease {
    const label = `${release}\u0000${cell}`;
    const noise = twoSidedGeometric(
      epsilon,
      sensitivity,
      uniform(this.dayKey, `${label}\u0000a`),
      uniform(this.dayKey, `${label}\u0000b`),
    );
    return { published: publishCount(Math.max(0, value + noise), k), epsilon };
  }
}

/**
 * The public tier's daily privacy budget: the sum of ε over the distinct
 * releases of one day may not pass `perDay`. A release asked again the same
 * day is answered from the same noise and costs nothing more.
 */
export class DailyBudget {
  private day = '';
  private spent = 0;
  private readonly charged = new Set<string>();

  constructor(private readonly perDay: number) {
    if (!(perDay > 0)) throw new Error('the daily budget must be positive');
  }

  /** Charges `epsilon` for `release` on `day` (YYYY-MM-DD); false, and nothing charged, when it would pass the budget. */
  charge(release: string, epsilon: number, day: string): boolean {
    if (day !== this.day) {
      this.day = day;
      this.spent = 0;
      this.charged.clear();
    }
    if (this.charged.has(release)) return true;
    if (this.spent + epsilon > this.perDay + 1e-12) return false;
    this.spent += epsilon;
    this.charged.add(release);
    return true;
  }

  /** What is left of the day's budget. */
  remaining(day: string): number {
    return day === this.day ? this.perDay - this.spent : this.perDay;
  }
}
