/** What a teaching update holds at its peak: checked in the worker before each update, shown by the page. */
import { wholeJobBytes } from '../pipeline/index.ts';
import type { TeachJobRequest } from './reconTypes.ts';
import { FULL_SINOGRAM_DEG } from './teachAngles.ts';
import { TEACH_CN } from './teachIterations.ts';

/** Kept projections, at most this many bytes: 1,024 views of 128² (every angle of a 0.5° slider), 256 of 256². */
export const CACHE_BYTES = 64 * 2 ** 20;

/**
 * The truth, the kept views, the method's arrays (the pipeline's table: wbp, sirt, tv), the FSC's two FFT
 * volumes, and the sinograms (the truth's 181 rows, its 2-row projection, the series' middle rows).
 */
export function teachBytes(size: number, views: number, method: TeachJobRequest['method']): number {
  const volume = 4 * size ** 3;
  const job = wholeJobBytes({
    method,
    nu: size,
    nv: size,
    nviews: views,
    keptViews: views,
    bin: 1,
    thicknessPx: size,
    threads: null,
    resample: false,
    halfSet: false,
    ...(method === 'cn' ? { cn: TEACH_CN } : {}),
  }).totalBytes;
  const sinograms = 4 * size * (3 * FULL_SINOGRAM_DEG.length + 2 * size + views);
  return volume + CACHE_BYTES + job + 2 * volume + sinograms;
}
