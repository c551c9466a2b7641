/**
 * Projection matching (`wedgelab align --method pm`), in the manner of Protomo and AreTomo: starting from a
 * coarse alignment, reconstruct the aligned views (WBP, CPU projector) in a box fitted to the specimen's
 * thickness (thickness.ts), reproject every view leaving that view out (selfTerm.ts), correlate each view
 * with its reprojection (weights fitted to their agreement, weights.ts), move it by the measured shift less
 * the part no alignment can see (a rigid 3D translation), and repeat (Anderson-mixed, accelerate.ts), coarse
 * to fine over the stages' binnings, until no view needs more than the tolerance. See README.md.
 *
 * residualsPx: per view, the size of the last round's correction, full-resolution px (about 0 when the
 * series converged; a view that keeps jumping lacks signal). scores: each view's normalised correlation with
 * its reprojection in the last round.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { fillExcludedShifts, selectViews, viewNames, type ViewSelection } from '../views.ts';
import { alignmentWarnings } from '../warnings.ts';
import type { Correlation } from '../xcorr/correlate.ts';
import { Anderson } from './accelerate.ts';
import { removeRigidPart, sampleViews, viewXf } from './measure.ts';
import { resolvePmOptions, type PmOptions, type PmPlan } from './options.ts';
import { matchRound, stageContext, type StageContext, type ZBox } from './round.ts';
import { specimenExtent } from './thickness.ts';

interface Series {
  input: AlignInput;
  plan: PmPlan;
  kept: number[];
  anglesDeg: number[];
  yielder: Yielder;
  signal?: AbortSignal;
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
  const series: Series = {
    input,
    plan,
    kept,
    anglesDeg: kept.map((k) => input.anglesDeg[k] + offset),
    yielder: new Yielder(hooks.signal, 50, 'alignment'),
    signal: hooks.signal,
  };
  const shifts = start.shiftsPx.map(([x, y]) => [x, y] as [number, number]);
  const axis = start.axisRotationDeg;
  const planned = 1 + plan.stages.length * plan.maxRounds;
  let rounds = 0;
  const report = (detail: string) => hooks.onProgress?.(Math.min(1, rounds / planned), detail);
  const notes: string[] = [];
  const box = await specimenBox(series, axis, shifts, notes);
  report(`specimen ${Math.round(box.thicknessPx)} px thick`);
  const state: RoundState = { shifts, converged: false, last: [], moved: kept.map(() => 0), rounds: 0 };
  const progress = (detail: string) => {
    rounds = state.rounds;
    report(detail);
  };
  for (const [s, stage] of plan.stages.entries()) {
    const prevBin = s > 0 ? plan.stages[s - 1].bin : undefined;
    const ctx = stageContext(
      input,
      plan,
      stage,
      kept,
      series.anglesDeg,
      box,
      series.yielder,
      hooks.signal,
      prevBin,
    );
    try {
      await shiftRounds(ctx, series, stage.bin, axis, state, progress);
      if (s + 1 < plan.stages.length && ctx.frc && !finerDetail(ctx.frc)) {
        progress(`stopped at bin ${stage.bin}: no detail finer than it agrees with the reprojections`);
        break;
      }
    } finally {
      ctx.reprojector.dispose();
    }
  }
  const { converged, last, moved } = state;
  rounds = state.rounds;
  hooks.onProgress?.(1, converged ? 'converged' : 'round limit reached');
  return result(input, sel, { shifts, axis, offset, last, moved, converged, rounds, notes });
}

interface RoundState {
  /** every view's shift, full-resolution px (updated in place for the kept views) */
  shifts: [number, number][];
  converged: boolean;
  last: Correlation[];
  /** per kept view, the last round's correction, full-resolution px */
  moved: number[];
  rounds: number;
}

/** Shift rounds at one stage until no view needs more than the tolerance, or the round limit. */
async function shiftRounds(
  ctx: StageContext,
  series: Series,
  bin: number,
  axis: number,
  state: RoundState,
  progress: (detail: string) => void,
): Promise<void> {
  const { plan, kept } = series;
  const { shifts } = state;
  state.converged = false;
  const mixer = plan.accelerate ? new Anderson(5, 2 * bin) : null;
  for (let r = 0; r < plan.maxRounds; r++) {
    const current = kept.map((k) => shifts[k]);
    state.last = await matchRound(ctx, axis, current);
    const updates = state.last.map((c) => [c.dx * bin, c.dy * bin] as [number, number]);
    removeRigidPart(updates, series.anglesDeg);
    state.moved = updates.map(([dx, dy]) => Math.hypot(dx, dy));
    const x = Float64Array.from(current.flat());
    const f = Float64Array.from(updates.flat());
    const next = mixer ? mixer.next(x, f) : x.map((v, i) => v + f[i]);
    kept.forEach((k, i) => {
      shifts[k] = [next[2 * i], next[2 * i + 1]];
    });
    state.rounds++;
    const worst = Math.max(...state.moved);
    progress(`bin ${bin} round ${r + 1}: largest correction ${worst.toFixed(2)} px`);
    if (worst <= plan.tolerancePx * bin) {
      state.converged = true;
      return;
    }
  }
}

/**
 * The z-box the rounds reconstruct in: the given specimen thickness, or the extent measured in a WBP of the
 * start alignment at the first stage's binning inside the search box (plan.thicknessPx).
 */
async function specimenBox(
  series: Series,
  axis: number,
  shifts: [number, number][],
  notes: string[],
): Promise<ZBox> {
  const { plan, input } = series;
  if (plan.specimenThicknessPx !== undefined) return { thicknessPx: plan.specimenThicknessPx, centrePx: 0 };
  const stage = plan.stages[0];
  const search: ZBox = { thicknessPx: plan.thicknessPx, centrePx: 0 };
  const ctx = stageContext(
    input,
    plan,
    stage,
    series.kept,
    series.anglesDeg,
    search,
    series.yielder,
    series.signal,
  );
  try {
    const xfs = series.kept.map((k) => viewXf(axis, shifts[k]));
    const { packed } = await sampleViews(input, ctx.slab, series.kept, xfs, series.yielder);
    const volume = await ctx.reprojector.reconstruct(packed, series.signal);
    const ext = specimenExtent(volume, ctx.reprojector.volumeDims, ctx.pad);
    const minPx = 8 * stage.bin;
    if (!ext.inside) {
      notes.push(
        `the specimen seems to fill the ${Math.round(plan.thicknessPx)} px search box; if it is thicker, give a larger thickness`,
      );
    }
    return {
      thicknessPx: Math.max(minPx, ext.thicknessVox * stage.bin),
      centrePx: ext.centreVox * stage.bin,
    };
  } finally {
    ctx.reprojector.dispose();
  }
}

/** FRC above which a ring holds signal (the usual half-bit-like threshold of 1/7) */
export const FRC_SIGNAL = 1 / 7;

/** Whether views and references still agree in the top octave (0.25–0.5 cycles/px) of this binning. */
function finerDetail(frc: Float64Array): boolean {
  const n = 2 * (frc.length - 1);
  let s = 0;
  let c = 0;
  for (let r = Math.ceil(0.25 * n); r < 0.5 * n; r++, c++) s += frc[r];
  return c > 0 && s / c > FRC_SIGNAL;
}

interface Outcome {
  shifts: [number, number][];
  axis: number;
  offset: number;
  last: Correlation[];
  moved: number[];
  converged: boolean;
  rounds: number;
  notes: string[];
}

function result(input: AlignInput, sel: ViewSelection, o: Outcome): AlignResult {
  const nviews = input.anglesDeg.length;
  const residualsPx: (number | null)[] = new Array(nviews).fill(null);
  const scores: (number | null)[] = new Array(nviews).fill(null);
  const keptShifts: ([number, number] | null)[] = new Array(nviews).fill(null);
  sel.byTilt.forEach((k, i) => {
    residualsPx[k] = o.moved[i];
    scores[k] = o.last[i]?.peak ?? null;
    keptShifts[k] = o.shifts[k];
  });
  const shiftsPx = fillExcludedShifts(keptShifts, input.anglesDeg);
  const warnings = [
    ...sel.notices,
    ...o.notes,
    ...alignmentWarnings(input, { shiftsPx, residualsPx, excluded: sel.excluded }),
    ...weakViews(input, scores),
  ];
  if (!o.converged)
    warnings.push(
      'projection matching stopped at its round limit with views still moving; raise the round limit or check the residuals',
    );
  return {
    method: 'pm',
    transforms: shiftsPx.map((s) => viewXf(o.axis, s)),
    shiftsPx,
    residualsPx,
    scores,
    axisRotationDeg: o.axis,
    tiltOffsetDeg: o.offset,
    excludedViews: sel.excluded,
    warnings,
    converged: o.converged,
    iterations: o.rounds,
  };
}

/** Views whose match with their reprojection is below WEAK_PM_FRACTION of the median view's. */
export const WEAK_PM_FRACTION = 0.35;

function weakViews(input: AlignInput, scores: (number | null)[]): string[] {
  const vals = scores.filter((s): s is number => s !== null).sort((a, b) => a - b);
  const med = vals[Math.floor(vals.length / 2)];
  const weak = scores.flatMap((s, k) => (s !== null && s < WEAK_PM_FRACTION * med ? [k] : []));
  if (!weak.length) return [];
  return [
    `${viewNames(weak, input.anglesDeg)} match${weak.length === 1 ? 'es' : ''} the reprojection weakly (little signal?); consider excluding`,
  ];
}
