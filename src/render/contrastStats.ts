/**
 * What the orthoslices' Contrast menu chooses from: a volume's percentiles for the offered clips, its exact
 * range, and a small histogram to draw with the window on it. Computed where the volume lives (the recon
 * worker, src/jobs/reconService.ts), so only these few numbers cross to the page. Pure, no DOM.
 */
import type { ContrastWindow } from './contrast.ts';

/** The offered percentile clips; [0, 100] is the exact min–max. */
export const CONTRAST_CLIPS: readonly { id: string; lowPct: number; highPct: number; label: string }[] = [
  { id: '0.5-99.5', lowPct: 0.5, highPct: 99.5, label: '0.5–99.5 %' },
  { id: '1-99', lowPct: 1, highPct: 99, label: '1–99 %' },
  { id: '2-98', lowPct: 2, highPct: 98, label: '2–98 %' },
  { id: '0-100', lowPct: 0, highPct: 100, label: 'min–max' },
];

export const DEFAULT_CLIP = '0.5-99.5';

export interface ContrastStats {
  /** exact, from every finite value */
  min: number;
  max: number;
  /** percent → value, from up to `maxSamples` evenly strided values (robust to a few hot pixels) */
  quantiles: Record<string, number>;
  /** counts of the sample in `counts.length` equal bins over [lo, hi] (the 0.1–99.9 % range) */
  histogram: { lo: number; hi: number; counts: number[] };
  /** values the statistics were taken from (the sample) */
  sampled: number;
}

const HISTOGRAM_PCTS = [0.1, 99.9];

export function contrastStats(values: ArrayLike<number>, bins = 64, maxSamples = 65_536): ContrastStats {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const stride = Math.max(1, Math.floor(values.length / maxSamples));
  const sample = new Float32Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) if (Number.isFinite(values[i])) sample[n++] = values[i];
  const sorted = sample.subarray(0, n).sort();
  const at = (pct: number): number =>
    n === 0 ? 0 : sorted[Math.min(n - 1, Math.max(0, Math.round((pct / 100) * (n - 1))))];
  const quantiles: Record<string, number> = {};
  for (const c of CONTRAST_CLIPS) {
    quantiles[c.lowPct] = at(c.lowPct);
    quantiles[c.highPct] = at(c.highPct);
  }
  for (const p of HISTOGRAM_PCTS) quantiles[p] = at(p);
  if (!(min <= max)) [min, max] = [0, 0];
  const [lo, hi] = [at(HISTOGRAM_PCTS[0]), at(HISTOGRAM_PCTS[1])];
  const counts = new Array<number>(bins).fill(0);
  const scale = hi > lo ? bins / (hi - lo) : 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) * scale))]++;
  }
  return { min, max, quantiles, histogram: { lo, hi, counts }, sampled: n };
}

/** The display window of clip `id` (unknown ids give the default); never empty. */
export function windowForClip(stats: ContrastStats, id: string): ContrastWindow {
  const clip = CONTRAST_CLIPS.find((c) => c.id === id) ?? CONTRAST_CLIPS[0];
  const lo = clip.lowPct === 0 ? stats.min : stats.quantiles[clip.lowPct];
  const hi = clip.highPct === 100 ? stats.max : stats.quantiles[clip.highPct];
  if (hi > lo) return { lo, hi };
  return stats.max > stats.min ? { lo: stats.min, hi: stats.max } : { lo: stats.min, hi: stats.min + 1 };
}
