import type { DataStats } from './types.ts';

/** Streaming min/max/mean/std (Welford-free: sums in float64 are exact enough for ≤ 1e10 values). */
export class StatsAccumulator {
  private n = 0;
  private sum = 0;
  private sumSq = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(values: ArrayLike<number>): void {
    let s = 0;
    let s2 = 0;
    let lo = this.lo;
    let hi = this.hi;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      s += v;
      s2 += v * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.sum += s;
    this.sumSq += s2;
    this.lo = lo;
    this.hi = hi;
    this.n += values.length;
  }

  get count(): number {
    return this.n;
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

export function computeStats(values: ArrayLike<number>): DataStats {
  const acc = new StatsAccumulator();
  acc.add(values);
  return acc.result();
}
