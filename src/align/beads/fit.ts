/**
 * Robust fit of the fiducial model (solve.ts): optionally the tilt-axis angle by a 1D search on the
 * residual, and outlying observations (wrong matches, merged beads) dropped and the model re-solved until
 * the set of used observations stops changing. Predictions of a bead in a view for tracking live here too.
 */
import { type DetectorDims } from '../../core/geometry/index.ts';
import { solveFixedAxis, type BeadModel, type ModelInput } from './solve.ts';
import { median } from '../../core/stats.ts';

export interface FitOptions {
  /** the tilt-axis angle to use, or to start the search from */
  axisRotationDeg: number;
  /**
   * the angle given with the data (default axisRotationDeg): a fitted angle replaces it only when it
   * lowers the residual significantly
   */
  priorAxisDeg?: number;
  fitAxis: boolean;
  /** search ± this around axisRotationDeg; default 4° */
  axisRangeDeg?: number;
  /** observations within this of the model are never rejected; default 0.5 px */
  rejectFloorPx?: number;
  /** reject beyond this many robust sds (of one axis); default 4 */
  rejectSds?: number;
}

const DEG = Math.PI / 180;
/** the axis is only searched with at least this many beads seen in three or more views */
export const MIN_BEADS_FOR_AXIS = 5;
/** χ² drop (in units of the per-coordinate residual variance) the fitted axis must bring */
export const AXIS_SIGNIFICANCE = 9;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** rejection rounds: each drops at most one observation per view */
const MAX_ROUNDS = 30;

/** Where the model puts bead (X, Y, Z) in the raw image of a view with tilt θ and shift d. */
export function predictRaw(
  det: DetectorDims,
  axisDeg: number,
  angleDeg: number,
  pos: readonly [number, number, number],
  shift: readonly [number, number],
): [number, number] {
  const t = angleDeg * DEG;
  // aligned frame relative to the .xf centre: c' − c + projection; raw = c + R(φ)·(that − d)
  const ax = -0.5 + pos[0] * Math.cos(t) + pos[2] * Math.sin(t) - shift[0];
  const ay = -0.5 + pos[1] - shift[1];
  const c = Math.cos(axisDeg * DEG);
  const s = Math.sin(axisDeg * DEG);
  return [det.nu / 2 + c * ax - s * ay, det.nv / 2 + s * ax + c * ay];
}

/** Residual of every observation (used or not) under `model`; NaN where its bead or view is unsolved. */
export function allResiduals(input: ModelInput, model: BeadModel): number[] {
  return input.observations.map((ob) => {
    const pos = model.positionsPx[ob.bead];
    const d = model.shiftsPx[ob.view];
    if (!pos || !d) return NaN;
    const [x, y] = predictRaw(input.det, model.axisRotationDeg, input.anglesDeg[ob.view], pos, d);
    return Math.hypot(ob.xPx - x, ob.yPx - y);
  });
}

function searchAxis(input: ModelInput, use: readonly boolean[], centre: number, range: number): BeadModel {
  const at = (a: number) => solveFixedAxis(input, a, use);
  const step = 0.5;
  let best = at(centre);
  for (let a = centre - range; a <= centre + range + 1e-9; a += step) {
    if (a === centre) continue;
    const m = at(a);
    if (m.rmsPx < best.rmsPx) best = m;
  }
  // golden-section search in the bracket around the best grid angle (the residual is smooth in the angle)
  let lo = best.axisRotationDeg - step;
  let hi = best.axisRotationDeg + step;
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let m1 = at(x1);
  let m2 = at(x2);
  while (hi - lo > 1e-3) {
    if (m1.rmsPx <= m2.rmsPx) {
      hi = x2;
      x2 = x1;
      m2 = m1;
      x1 = hi - GOLDEN * (hi - lo);
      m1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      m1 = m2;
      x2 = lo + GOLDEN * (hi - lo);
      m2 = at(x2);
    }
  }
  for (const m of [m1, m2]) if (m.rmsPx < best.rmsPx) best = m;
  return best;
}

/** Beads the model used in at least three views. */
function solvedBeads(input: ModelInput, m: BeadModel): number {
  const count = new Map<number, number>();
  m.used.forEach((u, o) => {
    const b = input.observations[o].bead;
    if (u) count.set(b, (count.get(b) ?? 0) + 1);
  });
  return [...count.values()].filter((c) => c >= 3).length;
}

export interface FitResult extends BeadModel {
  /** robust sd of one coordinate of the residual, px */
  sigmaPx: number;
  /** rejection threshold on |residual|, px */
  limitPx: number;
  /** solve–reject rounds run, and whether the used set stopped changing within MAX_ROUNDS */
  rounds: number;
  converged: boolean;
}

/** The model with outliers rejected (and the axis angle searched when `fitAxis`). */
export function fitBeadModel(input: ModelInput, opts: FitOptions): FitResult {
  const range = opts.axisRangeDeg ?? 4;
  const floor = opts.rejectFloorPx ?? 0.5;
  const sds = opts.rejectSds ?? 4;
  let use = input.observations.map(() => true);
  let axis = opts.axisRotationDeg;
  const prior = opts.priorAxisDeg ?? axis;
  let model: BeadModel | undefined;
  let sigma = NaN;
  let limit = Infinity;
  let rounds = 0;
  let converged = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    rounds = round + 1;
    model = solveFixedAxis(input, opts.fitAxis ? prior : axis, use);
    if (opts.fitAxis && solvedBeads(input, model) >= MIN_BEADS_FOR_AXIS) {
      const searched = searchAxis(input, use, axis, round === 0 ? range : 0.5);
      // keep the given angle unless the fitted one explains significantly more (a 3σ drop in χ²)
      const n = model.used.filter(Boolean).length;
      const ssPrior = model.rmsPx ** 2 * n;
      const ssFit = searched.rmsPx ** 2 * n;
      if (ssPrior - ssFit > AXIS_SIGNIFICANCE * (ssFit / Math.max(1, 2 * n - 1))) model = searched;
    }
    axis = model.axisRotationDeg;
    const res = allResiduals(input, model);
    // |residual| of a 2D Gaussian is Rayleigh: its median is 1.1774 σ
    sigma = median(res.filter((r, o) => model!.used[o] && Number.isFinite(r))) / 1.1774;
    limit = Math.max(floor, sds * sigma);
    // one outlier drags its view's shift and so all that view's residuals: drop only the worst of each
    // view per round, and take back any observation the re-solved model fits again
    const worst = new Map<number, number>();
    res.forEach((r, o) => {
      if (!(r > limit) || !use[o]) return;
      const v = input.observations[o].view;
      const w = worst.get(v);
      if (w === undefined || r > res[w]) worst.set(v, o);
    });
    const drop = new Set(worst.values());
    const next = res.map((r, o) => (drop.has(o) ? false : r <= limit ? true : use[o]));
    if (next.every((u, o) => u === use[o])) {
      converged = true;
      break;
    }
    use = next;
  }
  return { ...model!, sigmaPx: sigma, limitPx: limit, rounds, converged };
}
