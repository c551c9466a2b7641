/** What a teaching update holds at its peak: checked in the worker before each update, shown by the page. */
import { wholeJobBytes } from '../pipeline/index.ts';
import type { TeachJobRequest } from './reconTypes.ts';

/** Kept projections, at most this many bytes: 1,024 views of 128² (every angle of a 0.5° slider), 256 of 256². */
export const CACHE_BYTES = 64 * 2 ** 20;

/** The truth, the kept views, the method's arrays (the pipeline's table) and the FSC's two FFT planes. */
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
  }).totalBytes;
  return volume + CACHE_BYTES + job + 2 * volume;
}
