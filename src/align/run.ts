/**
 * One entry for every aligner: the pipeline's align step calls this with the recipe's method. xcorr always
 * runs first (the others refine or replace its shifts from its start); an axis search, when asked, runs
 * before it and its angle is the one every later stage uses.
 */
import { WedgeLabError } from '../core/errors.ts';
import { beadAlign } from './beads/index.ts';
import type { AlignHooks, AlignInput, AlignMethod, AlignResult } from './types.ts';
import { xcorrAlign } from './xcorr/xcorrAlign.ts';

export interface AlignRunOptions {
  method: AlignMethod;
  axisSearch?: boolean;
  binning?: number;
  cumulative?: boolean;
  iterations?: number;
}

/** Hooks for one stage that maps its own fraction into [from, to] of the whole alignment. */
function stage(hooks: AlignHooks, from: number, to: number): AlignHooks {
  return {
    signal: hooks.signal,
    onProgress: (f, d) => hooks.onProgress?.(from + (to - from) * f, d),
  };
}

export async function runAlignment(
  input: AlignInput,
  opts: AlignRunOptions,
  hooks: AlignHooks = {},
): Promise<AlignResult> {
  if (opts.axisSearch) {
    throw new WedgeLabError(
      'unsupported',
      'the tilt-axis search is not in this build yet; give the axis angle with --axis-rotation (or an .mdoc)',
    );
  }
  const only = opts.method === 'xcorr';
  const coarse = await xcorrAlign(
    input,
    { binning: opts.binning, cumulative: opts.cumulative },
    stage(hooks, 0, only ? 1 : 0.3),
  );
  if (only) return coarse;
  const rest = stage(hooks, 0.3, 1);
  switch (opts.method) {
    case 'beads':
      return beadAlign(input, { coarse }, rest);
    default:
      throw new WedgeLabError(
        'unsupported',
        `alignment method ${opts.method} is not in this build yet; use --align xcorr`,
      );
  }
}
