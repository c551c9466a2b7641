/**
 * Teaching mode's iteration counts: fewer than the Reconstruct panel's, so a slider step stays interactive
 * (measured update times: docs/teaching.md). A file of its own so the page can show them without the worker.
 */
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

/** the iterations each teaching method runs (WBP: none) */
export const TEACH_ITERATIONS: Record<TeachMethod, number | undefined> = {
  wbp: undefined,
  sirt: TEACH_SIRT_ITERATIONS,
  tv: TEACH_TV_ITERATIONS,
};
