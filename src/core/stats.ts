import type { DataStats } from './types.ts';

/**
 * Streaming min/max/mean/std (Welford-free: sums in float64 are exact enough for ≤ 1e10 values), over the
 * finite values only: NaN/±Inf are counted in `nonFinite` instead of turning every statistic into NaN.
 */
export class StatsAccumulator {
  private n = 0;
  private bad = 0;
  private sum = 0;
  private sumSq = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(values: ArrayLike<number>): void {
    let s = 0;
    let s2 = 0;
    let lo = this.lo;
    let hi = this.hi;
    let bad = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        bad++;
        continue;
      }
      s += v;
      s2 += v * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.sum += s;
    this.sumSq += s2;
    this.lo = lo;
    this.hi = hi;
    this.n += values.length - bad;
    this.bad += bad;
  }

  /** finite values seen */
  get count(): number {
    return this.n;
  }

  /** NaN and ±Infinity values seen (left out of every statistic) */
  get nonFinite(): number {
    return this.bad;
  }

  get total(): number {
    return this.sum;
  }

  result(): DataStats {
    if (this.n === 0) return { min: 0, max: 0, mean: 0, std: 0 };
    const mean = this.sum / this.n;
    const variance = Math.max(0, this.sumSq / this.n - mean * mean);
    return { min: this.lo, max: this.hi, mean, std: Math.sqrt(variance) };
  }
}

/** How many values are NaN or ±Infinity. */
export function countNonFinite(values: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
  return bad;
}

export function computeStats(values: ArrayLike<number>): DataStats {
  const acc = new StatsAccumulator();
  acc.add(values);
  return acc.result();
}

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
