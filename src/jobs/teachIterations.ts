/**
 * Teaching mode's iteration counts: fewer than the Reconstruct panel's, so a slider step stays interactive
 * (measured update times: docs/teaching.md). A file of its own so the page can show them without the worker.
 */
import type { CnOptions } from '../recon/cn/options.ts';
import { cnExpectedSeconds, cnTotalSteps } from '../recon/cn/plan.ts';
import type { TeachMethod } from './reconTypes.ts';

/** SIRT here stops early (the Reconstruct panel runs 20). */
export const TEACH_SIRT_ITERATIONS = 8;
/** TV (FISTA): the pipeline's default is 30. */
export const TEACH_TV_ITERATIONS = 10;

/**
 * TV's power iterations for ‖A‖² (the pipeline's default is 8): from a constant volume 3 come within 0.5% of
 * the converged value for teaching's tilt lists (48³, ±5° … ±90°), inside tv.ts's 2% headroom.
 */
export const TEACH_TV_POWER_ITERATIONS = 3;

/** the iterations each teaching method runs (WBP: none; CN: its automatic fast-mode steps) */
export const TEACH_ITERATIONS: Record<TeachMethod, number | undefined> = {
  wbp: undefined,
  sirt: TEACH_SIRT_ITERATIONS,
  tv: TEACH_TV_ITERATIONS,
  cn: undefined,
};

/** CN in teaching: the fast mode's defaults, a picture of the fit this many times over its steps */
export const TEACH_CN: CnOptions = { mode: 'fast' };
export const TEACH_CN_PICTURES = 12;

/**
 * The page's fit against plan.ts's kernel-rate estimate: 250 steps at 32³ took 21.8 s in headless Chromium on
 * 2 idle cores here (0.087 s a step), 2.3× the estimate (small blocks, the workers' messages, the projector).
 */
const PAGE_FIT_FACTOR = 2.3;

/** The fit's steps and its expected seconds in the page on `threads` CPU threads. */
export function teachCnEstimate(size: number, threads: number): { steps: number; seconds: number } {
  const dims = { nx: size, ny: size, nz: size };
  return {
    steps: cnTotalSteps(TEACH_CN, dims),
    seconds: PAGE_FIT_FACTOR * cnExpectedSeconds(TEACH_CN, dims, threads),
  };
}
