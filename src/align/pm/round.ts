/** One projection-matching round at a stage's binning: resample, reconstruct, reproject, correlate. */
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { bandPassWeights } from '../image/spectrum.ts';
import type { AlignInput } from '../types.ts';
import type { Correlation } from '../xcorr/correlate.ts';
import { matchViews, sampleViews, slabFrame, viewXf, type SlabFrame } from './measure.ts';
import type { PmPlan, PmStage } from './options.ts';
import { createReprojector, type Reprojector } from './reproject.ts';
import { RingStats } from './weights.ts';

/** A stage's working set: frame, reference builder and correlation settings. */
export interface StageContext {
  input: AlignInput;
  plan: PmPlan;
  slab: SlabFrame;
  reprojector: Reprojector;
  weights: Float64Array;
  /** the stage's high-pass alone, the base of the fitted weights; null: keep the fixed band-pass */
  highPass: Float64Array | null;
  /** the last round's ring correlation of views and references (per integer ring radius of the grid) */
  frc?: Float64Array;
  maxShift: number;
  /** extra volume columns on each side of the views (binned px) */
  pad: number;
  kept: number[];
  yielder: Yielder;
  signal?: AbortSignal;
}

/** One round: resample at (axis, shifts), reconstruct, reproject, correlate. Shifts in binned px. */
export async function matchRound(
  ctx: StageContext,
  axisRotationDeg: number,
  shiftsPx: readonly [number, number][],
): Promise<Correlation[]> {
  const xfs = shiftsPx.map((s) => viewXf(axisRotationDeg, s));
  const { measured, packed } = await sampleViews(ctx.input, ctx.slab, ctx.kept, xfs, ctx.yielder);
  const reprojected = await ctx.reprojector.reproject(packed, ctx.plan.leaveOneOut, ctx.signal);
  const stats = ctx.highPass ? new RingStats(ctx.slab.frame.n) : undefined;
  const out = await matchViews(
    measured,
    reprojected,
    ctx.slab.frame,
    { weights: ctx.weights, taperFraction: ctx.plan.taperFraction, maxShift: ctx.maxShift, stats },
    ctx.yielder,
  );
  if (stats && ctx.highPass) {
    ctx.weights = stats.weights(ctx.highPass);
    ctx.frc = stats.frc();
  }
  return out;
}

/** The reconstruction box in z, full-resolution px: its thickness and its centre's depth. */
export interface ZBox {
  thicknessPx: number;
  centrePx: number;
}

export function stageContext(
  input: AlignInput,
  plan: PmPlan,
  stage: PmStage,
  kept: number[],
  anglesDeg: number[],
  box: ZBox,
  yielder: Yielder,
  signal?: AbortSignal,
  prevBin?: number,
): StageContext {
  const slab = slabFrame(input, stage.bin, plan.rowFraction);
  const { w, h, n } = slab.frame;
  const nz = Math.max(4, Math.round(box.thicknessPx / stage.bin));
  // streaks through the volume's x edges are cut off unless the volume is wider than the views: the
  // reprojection of a view near the end of the range would then shift (by ~0.6 px at 60°, measured)
  const maxTiltRad = (Math.min(75, Math.max(...anglesDeg.map(Math.abs))) * Math.PI) / 180;
  const pad = Math.ceil(0.5 * nz * Math.tan(maxTiltRad)) + 2;
  return {
    input,
    plan,
    slab,
    reprojector: createReprojector(
      anglesDeg,
      { nx: w + 2 * pad, ny: h, nz },
      { nu: w, nv: h },
      plan.threads,
      box.centrePx / stage.bin,
    ),
    pad,
    weights: bandPassWeights(n, stage.bandPass),
    highPass: plan.fitWeights ? bandPassWeights(n, { ...stage.bandPass, radius2: 1 }) : null,
    // a refinement: the start is off by a few pixels, after a coarser stage by a few of its pixels; a wider
    // search only finds false peaks in noisy views (11 px jumps measured at bin 4 with an eighth of the grid)
    maxShift: Math.max(2, Math.ceil((prevBin ? 3 * prevBin : plan.maxShiftPx) / stage.bin)),
    kept,
    yielder,
    signal,
  };
}
