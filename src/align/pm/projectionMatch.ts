/**
 * Projection matching (`wedgelab align --method pm`), in the manner of Protomo and AreTomo: starting from a
 * coarse alignment, reconstruct the aligned views (WBP, CPU projector), reproject every view leaving that
 * view out (selfTerm.ts), correlate each view with its reprojection, move it by the measured shift, and
 * repeat, coarse to fine over the stages' binnings, until no view moves by more than the tolerance.
 *
 * residualsPx: per view, the size of the last round's correction, full-resolution px (about 0 when the
 * series converged; a view that keeps jumping lacks signal). scores: each view's normalised correlation with
 * its reprojection in the last round.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { bandPassWeights } from '../image/spectrum.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { fillExcludedShifts, selectViews } from '../views.ts';
import { alignmentWarnings } from '../warnings.ts';
import type { Correlation } from '../xcorr/correlate.ts';
import { refineAxisAngle } from './axisSearch.ts';
import { matchViews, removeRigidPart, sampleViews, slabFrame, viewXf, type SlabFrame } from './measure.ts';
import { resolvePmOptions, type PmOptions, type PmPlan, type PmStage } from './options.ts';
import { createReprojector, type Reprojector } from './reproject.ts';

/** A stage's working set: frame, reference builder and correlation settings. */
export interface StageContext {
  input: AlignInput;
  plan: PmPlan;
  slab: SlabFrame;
  reprojector: Reprojector;
  weights: Float64Array;
  maxShift: number;
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
  return matchViews(
    measured,
    reprojected,
    ctx.slab.frame,
    { weights: ctx.weights, taperFraction: ctx.plan.taperFraction, maxShift: ctx.maxShift },
    ctx.yielder,
  );
}

function stageContext(
  input: AlignInput,
  plan: PmPlan,
  stage: PmStage,
  kept: number[],
  anglesDeg: number[],
  yielder: Yielder,
  signal?: AbortSignal,
): StageContext {
  const slab = slabFrame(input, stage.bin, plan.rowFraction);
  const { w, h, n } = slab.frame;
  const nz = Math.max(4, Math.round(plan.thicknessPx / stage.bin));
  return {
    input,
    plan,
    slab,
    reprojector: createReprojector(anglesDeg, { nx: w, ny: h, nz }, { nu: w, nv: h }, plan.threads),
    weights: bandPassWeights(n, stage.bandPass),
    maxShift: plan.maxShiftPx ?? Math.max(2, Math.floor(n / 8)),
    kept,
    yielder,
    signal,
  };
}

export async function projectionMatch(
  input: AlignInput,
  start: AlignResult,
  opts: PmOptions = {},
  hooks: AlignHooks = {},
): Promise<AlignResult> {
  const nviews = input.anglesDeg.length;
  if (start.shiftsPx.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `projection matching: the start alignment has ${start.shiftsPx.length} views but the series has ${nviews}; start from an alignment of this series`,
    );
  }
  const plan = resolvePmOptions(input, opts);
  const excluded = [...new Set([...(input.excludedViews ?? []), ...start.excludedViews])];
  const sel = selectViews({ ...input, excludedViews: excluded });
  if (sel.byTilt.length < 3) {
    throw new WedgeLabError(
      'bad-argument',
      `projection matching needs at least 3 usable views, found ${sel.byTilt.length}; include more views`,
    );
  }
  const kept = sel.byTilt;
  const offset = start.tiltOffsetDeg;
  const anglesDeg = kept.map((k) => input.anglesDeg[k] + offset);
  const shifts = start.shiftsPx.map(([x, y]) => [x, y] as [number, number]);
  let axis = start.axisRotationDeg;
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const planned = plan.stages.length * plan.maxRounds + (plan.refineAxis ? 8 : 0);
  let rounds = 0;
  let converged = false;
  let last: Correlation[] = [];
  let moved: number[] = kept.map(() => 0);
  const report = (detail: string) => hooks.onProgress?.(Math.min(1, rounds / planned), detail);
  for (const [s, stage] of plan.stages.entries()) {
    const ctx = stageContext(input, plan, stage, kept, anglesDeg, yielder, hooks.signal);
    try {
      if (plan.refineAxis && s === 0) {
        axis = await refineAxisAngle(ctx, axis, plan.axisRangeDeg, shifts, () => {
          rounds++;
          report(`tilt axis (bin ${stage.bin})`);
        });
      }
      converged = false;
      for (let r = 0; r < plan.maxRounds; r++) {
        const keptShifts = kept.map((k) => shifts[k]);
        last = await matchRound(ctx, axis, keptShifts);
        const updates = last.map((c) => [c.dx * stage.bin, c.dy * stage.bin] as [number, number]);
        removeRigidPart(updates, anglesDeg);
        moved = updates.map(([dx, dy]) => Math.hypot(dx, dy));
        kept.forEach((k, i) => {
          shifts[k][0] += updates[i][0];
          shifts[k][1] += updates[i][1];
        });
        rounds++;
        const worst = Math.max(...moved);
        report(`bin ${stage.bin} round ${r + 1}: largest correction ${worst.toFixed(2)} px`);
        if (worst <= plan.tolerancePx * stage.bin) {
          converged = true;
          break;
        }
      }
    } finally {
      ctx.reprojector.dispose();
    }
  }
  return result(input, sel, shifts, axis, offset, last, moved, converged, rounds);
}

function result(
  input: AlignInput,
  sel: ReturnType<typeof selectViews>,
  shifts: [number, number][],
  axis: number,
  offset: number,
  last: Correlation[],
  moved: number[],
  converged: boolean,
  rounds: number,
): AlignResult {
  const nviews = input.anglesDeg.length;
  const residualsPx: (number | null)[] = new Array(nviews).fill(null);
  const scores: (number | null)[] = new Array(nviews).fill(null);
  const isKept: (([number, number] | null) | undefined)[] = new Array(nviews).fill(null);
  sel.byTilt.forEach((k, i) => {
    residualsPx[k] = moved[i];
    scores[k] = last[i]?.peak ?? null;
    isKept[k] = shifts[k];
  });
  const shiftsPx = fillExcludedShifts(
    isKept.map((s) => s ?? null),
    input.anglesDeg,
  );
  const warnings = [
    ...sel.notices,
    ...alignmentWarnings(input, { shiftsPx, residualsPx, excluded: sel.excluded }),
    ...weakViews(input, scores),
  ];
  if (!converged)
    warnings.push(
      `projection matching stopped at its round limit with views still moving; raise maxRounds or check the residuals`,
    );
  return {
    method: 'pm',
    transforms: shiftsPx.map((s) => viewXf(axis, s)),
    shiftsPx,
    residualsPx,
    scores,
    axisRotationDeg: axis,
    tiltOffsetDeg: offset,
    excludedViews: sel.excluded,
    warnings,
    converged,
    iterations: rounds,
  };
}

/** Views whose match with their reprojection is below WEAK_PM_FRACTION of the median view's. */
export const WEAK_PM_FRACTION = 0.35;

function weakViews(input: AlignInput, scores: (number | null)[]): string[] {
  const vals = scores.filter((s): s is number => s !== null).sort((a, b) => a - b);
  const med = vals[Math.floor(vals.length / 2)];
  const weak = scores.flatMap((s, k) => (s !== null && s < WEAK_PM_FRACTION * med ? [k] : []));
  if (!weak.length) return [];
  const names = weak.map((k) => `${k} (${input.anglesDeg[k]}°)`).join(', ');
  return [`views ${names} match their reprojection weakly (little signal?); consider excluding them`];
}
