/**
 * One entry for every aligner: the pipeline's align step calls this with the recipe's method. xcorr always
 * runs first (the others refine or replace its shifts from its start); an axis search, when asked, runs
 * before it and its angle is the one every later stage uses.
 */
import { WedgeLabError } from '../core/errors.ts';
import type { AlignHooks, AlignInput, AlignMethod, AlignResult } from './types.ts';
import { xcorrAlign } from './xcorr/xcorrAlign.ts';

export interface AlignRunOptions {
  method: AlignMethod;
  axisSearch?: boolean;
  binning?: number;
  cumulative?: boolean;
  iterations?: number;
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
  if (opts.method !== 'xcorr') {
    throw new WedgeLabError(
      'unsupported',
      `alignment method ${opts.method} is not in this build yet; use --align xcorr`,
    );
  }
  return xcorrAlign(input, { binning: opts.binning, cumulative: opts.cumulative }, hooks);
}
