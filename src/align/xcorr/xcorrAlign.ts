/** The coarse aligner: `wedgelab align --method xcorr`. */
import { shiftResult } from '../result.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { selectViews } from '../views.ts';
import { xcorrChain, type XcorrOptions } from './chain.ts';

export async function xcorrAlign(
  input: AlignInput,
  opts: XcorrOptions & { tiltOffsetDeg?: number } = {},
  hooks: AlignHooks = {},
): Promise<AlignResult> {
  const sel = selectViews(input);
  const axis = input.axisRotationDeg;
  const offset = opts.tiltOffsetDeg ?? 0;
  const chain = await xcorrChain(input, sel, axis, offset, opts, {
    signal: hooks.signal,
    onProgress: hooks.onProgress,
  });
  return shiftResult('xcorr', input, sel, {
    shifts: chain.shifts,
    residualsPx: chain.residualsPx,
    scores: chain.correlations.map((c, k) => (k === sel.byTilt[sel.anchor] ? 1 : (c?.peak ?? null))),
    correlations: chain.correlations,
    axisRotationDeg: axis,
    tiltOffsetDeg: offset,
  });
}
