/** The AlignResult of an aligner that finds per-view shifts for a fixed axis (xcorr, cnn). */
import { rotationInPlane } from '../core/geometry/index.ts';
import type { AlignInput, AlignMethod, AlignResult } from './types.ts';
import { fillExcludedShifts, type ViewSelection } from './views.ts';
import { alignmentWarnings } from './warnings.ts';
import type { Correlation } from './xcorr/correlate.ts';

export interface ShiftFindings {
  /** per view, null for excluded views (their shift is interpolated) */
  shifts: ([number, number] | null)[];
  residualsPx: (number | null)[];
  scores: (number | null)[];
  /** the neighbour correlations behind the warnings */
  correlations: (Correlation | null)[];
  axisRotationDeg: number;
  tiltOffsetDeg: number;
}

export function shiftResult(
  method: AlignMethod,
  input: AlignInput,
  sel: ViewSelection,
  f: ShiftFindings,
  extraWarnings: string[] = [],
): AlignResult {
  const shiftsPx = fillExcludedShifts(f.shifts, input.anglesDeg);
  return {
    method,
    transforms: shiftsPx.map(([dx, dy]) => rotationInPlane(-f.axisRotationDeg, dx, dy)),
    shiftsPx,
    residualsPx: f.residualsPx,
    scores: f.scores,
    axisRotationDeg: f.axisRotationDeg,
    tiltOffsetDeg: f.tiltOffsetDeg,
    excludedViews: sel.excluded,
    warnings: [
      ...sel.notices,
      ...alignmentWarnings(input, {
        shiftsPx,
        residualsPx: f.residualsPx,
        correlations: f.correlations,
        excluded: sel.excluded,
      }),
      ...extraWarnings,
    ],
    converged: true,
    iterations: 1,
  };
}
