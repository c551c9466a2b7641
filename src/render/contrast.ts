/** Auto-contrast: a display window [lo, hi] from percentiles of a histogram. Pure functions, no DOM. */

export interface ContrastWindow {
  lo: number;
  hi: number;
}

export interface Histogram {
  min: number;
  max: number;
  counts: Uint32Array;
  /** finite values counted */
  total: number;
}

export function histogram(values: ArrayLike<number>, bins = 1024): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Uint32Array(bins);
  if (!(min <= max) || !Number.isFinite(min) || !Number.isFinite(max)) {
    return { min: 0, max: 0, counts, total: 0 };
  }
  const scale = max > min ? bins / (max - min) : 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) * scale))]++;
    total++;
  }
  return { min, max, counts, total };
}

/** Value below which `pct` percent of the histogram lies (bin-centre resolution). */
export function percentile(h: Histogram, pct: number): number {
  if (h.total === 0) return h.min;
  const target = (Math.min(100, Math.max(0, pct)) / 100) * h.total;
  const width = (h.max - h.min) / h.counts.length;
  let acc = 0;
  for (let b = 0; b < h.counts.length; b++) {
    acc += h.counts[b];
    if (acc >= target) return h.min + (b + 0.5) * width;
  }
  return h.max;
}

/**
 * Quantiles (percent) from up to `maxSamples` evenly strided finite values, sorted. Unlike a histogram over
 * [min, max], this keeps its resolution when a few hot pixels stretch the range (common in EM images).
 */
export function sampleQuantiles(
  values: ArrayLike<number>,
  pcts: readonly number[],
  maxSamples = 65_536,
): number[] {
  const stride = Math.max(1, Math.floor(values.length / maxSamples));
  const sample = new Float32Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (Number.isFinite(v)) sample[n++] = v;
  }
  if (n === 0) return pcts.map(() => 0);
  const sorted = sample.subarray(0, n).sort();
  return pcts.map(
    (p) => sorted[Math.min(n - 1, Math.max(0, Math.round((Math.min(100, Math.max(0, p)) / 100) * (n - 1))))],
  );
}

/** The window that clips `lowPct`% darkest and (100 − `highPct`)% brightest values, e.g. 0.5 and 99.5. */
export function autoContrast(values: ArrayLike<number>, lowPct = 0.5, highPct = 99.5): ContrastWindow {
  const [lo, hi] = sampleQuantiles(values, [lowPct, highPct]);
  if (hi > lo) return { lo, hi };
  const [min, max] = sampleQuantiles(values, [0, 100]);
  return max > min ? { lo: min, hi: max } : { lo: min, hi: min + 1 };
}
