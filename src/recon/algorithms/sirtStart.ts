/**
 * Defaults and the start volume of SIRT/SART. SIRT from zeros rebuilds the low frequencies first and needs
 * ~50 iterations to catch up with a WBP on a noise-free ±60° series; started from the WBP (the default
 * radial filter) it keeps WBP's detail and corrects it, so 20 iterations beat WBP for about the cost of 20.5
 * (the warm start is one filtered backprojection). Measured in bench/sirtIterations.ts, docs/benchmarks.md.
 */
import type { FilterSpec } from '../../core/filters/index.ts';
import type { Projector } from '../projector.ts';
import type { ReconHooks } from './hooks.ts';
import { wbp } from './wbp.ts';

/** 'wbp': start from the WBP of the data; 'zero': start from zeros (the classic SIRT/SART) */
export type WarmStart = 'wbp' | 'zero';
export const WARM_STARTS: readonly WarmStart[] = ['wbp', 'zero'];

export interface IterativeDefaults {
  readonly iterations: number;
  readonly relaxation: number;
  readonly warmStart: WarmStart;
}

/** sirt(): one subset of all views */
export const SIRT_DEFAULTS: IterativeDefaults = Object.freeze({
  iterations: 20,
  relaxation: 1.9,
  warmStart: 'wbp',
});

/** sart(): one view per subset; a pass (iteration) updates once per view, so far fewer passes */
export const SART_DEFAULTS: IterativeDefaults = Object.freeze({
  iterations: 5,
  relaxation: 1,
  warmStart: 'zero',
});

/**
 * Writes the WBP of `b` into `x`, using `rows` (b.length long, e.g. the A·x buffer before it is needed) for
 * the filtered rows, so the warm start costs no extra memory.
 */
export async function wbpStart(
  projector: Projector,
  b: Float32Array,
  x: Float32Array,
  rows: Float32Array,
  filter: FilterSpec | string | undefined,
  hooks: ReconHooks,
): Promise<void> {
  const take = (key: string) => (key === 'volume' ? x : rows);
  await wbp(projector, b, {
    filter,
    signal: hooks.signal,
    // its own fraction is not the job's: report the stage only
    onProgress: hooks.onProgress && (() => hooks.onProgress!({ fraction: 0, stage: 'warm start' })),
    scratch: { take: (key) => take(key) as Float32Array<ArrayBuffer> },
  });
}
