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

/** The window that clips `lowPct`% darkest and (100 − `highPct`)% brightest values, e.g. 0.5 and 99.5. */
export function autoContrast(values: ArrayLike<number>, lowPct = 0.5, highPct = 99.5): ContrastWindow {
  const h = histogram(values);
  let lo = percentile(h, lowPct);
  let hi = percentile(h, highPct);
  if (!(hi > lo)) {
    lo = h.min;
    hi = h.max > h.min ? h.max : h.min + 1;
  }
  return { lo, hi };
}
