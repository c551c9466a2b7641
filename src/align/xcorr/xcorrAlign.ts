/** The coarse aligner: `wedgelab align --method xcorr`. */
import { rotationInPlane } from '../../core/geometry/index.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { fillExcludedShifts, selectViews } from '../views.ts';
import { alignmentWarnings } from '../warnings.ts';
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
  const residualsPx = chain.residualsPx;
  const shiftsPx = fillExcludedShifts(chain.shifts, input.anglesDeg);
  return {
    method: 'xcorr',
    transforms: shiftsPx.map(([dx, dy]) => rotationInPlane(-axis, dx, dy)),
    shiftsPx,
    residualsPx,
    scores: chain.correlations.map((c, k) => (k === sel.byTilt[sel.anchor] ? 1 : (c?.peak ?? null))),
    axisRotationDeg: axis,
    tiltOffsetDeg: offset,
    excludedViews: sel.excluded,
    warnings: [
      ...sel.notices,
      ...alignmentWarnings(input, {
        shiftsPx,
        residualsPx,
        correlations: chain.correlations,
        excluded: sel.excluded,
      }),
    ],
    converged: true,
    iterations: 1,
  };
}
