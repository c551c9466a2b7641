// Small simulated misaligned series for the aligners' tests, with their truth, and the error of a result.
import { alignmentError } from '../core/metrics/alignment.ts';
import { simulateTiltSeries } from '../recon/simulate/index.ts';
import type { AlignInput, AlignResult } from './types.ts';

export interface SimOptions {
  size?: number;
  nz?: number;
  doseEA2?: number;
  shiftSigmaPx?: number;
  axisErrorDeg?: number;
  stepDeg?: number;
  seed?: number;
  phantom?: string;
}

export async function misalignedSeries(o: SimOptions = {}) {
  const size = o.size ?? 96;
  const sim = await simulateTiltSeries({
    phantom: { name: o.phantom ?? 'shapes', nx: size, ny: size, nz: o.nz ?? Math.round(size / 2) },
    seed: o.seed ?? 3,
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: o.stepDeg ?? 3,
    doseEA2: o.doseEA2,
    shiftSigmaPx: o.shiftSigmaPx ?? 3,
    axisErrorDeg: o.axisErrorDeg ?? 1.5,
  });
  const ts = sim.tiltSeries;
  const input: AlignInput = {
    data: ts.data,
    det: { nu: ts.nx, nv: ts.ny },
    anglesDeg: sim.anglesDeg,
    axisRotationDeg: o.axisErrorDeg ?? 1.5,
  };
  /** the error over the views not in `skip` (an excluded view's interpolated shift is a guess) */
  const error = (r: Pick<AlignResult, 'transforms'>, skip: readonly number[] = []) => {
    const keep = (_: unknown, k: number) => !skip.includes(k);
    return alignmentError(
      r.transforms.filter(keep),
      sim.truthXf.filter(keep),
      input.det,
      sim.trueAnglesDeg.filter(keep),
    );
  };
  return { sim, input, error };
}
