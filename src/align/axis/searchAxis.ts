/**
 * The tilt-axis angle from the views' common line (profiles.ts, consistency.ts, scan.ts).
 *
 * - No header angle: a coarse scan over 180° (2° steps, views binned to ≤ 96 px and read through the
 *   inscribed disk, which holds the same pixels at every angle, band-passed as xcorr does), then the search
 *   below about its best angle with a reach of ±6°.
 * - A header angle: angles within ±rangeDeg of it in 0.5° steps, then the quarter degrees within ±2° of the
 *   best, on views binned to ≤ 128 px and read whole (tapered edges); the answer is the vertex of the
 *   least-squares parabola through the points within ±1° of the maximum.
 *
 * The fine stages weigh the profiles' slow variations, from 2.5 to about 7 cycles across the field: measured on
 * the simulated series of issue 10, wider bands let the noise move the optimum more than they sharpen it,
 * narrower ones follow the content that the tilt carries across the frame's edges.
 *
 * φ and φ + 180° give the same common line, so the views cannot tell them apart (the two differ by the hand
 * of the tomogram); the result says which one was kept and why.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { binFor } from '../image/frame.ts';
import { DEFAULT_BAND_PASS, type BandPass } from '../image/spectrum.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import { selectViews } from '../views.ts';
import { binViews, diskFrame, imageFrame, type AxisViews } from './profiles.ts';
import { axisStage, localMaxima, parabolaPeak, scanAngles, scores, type ScorePoint } from './scan.ts';

export interface AxisSearchOptions {
  /** the header's (or .mdoc's) tilt-axis angle, degrees CCW from +y; absent: a coarse search over 180° first */
  hintDeg?: number;
  /** half width of the search about the hint, degrees (default 10) */
  rangeDeg?: number;
  /** larger side of the working copies for the fine stages (default 128) and the coarse scan (default 96) */
  workingPx?: number;
  coarsePx?: number;
}

export interface AxisSearch {
  /** the axis angle found, degrees CCW from +y (docs/geometry.md) */
  axisRotationDeg: number;
  /**
   * the score against the angle over the search range (about the header's angle, or about the coarse scan's
   * best), ascending; 1 when every view's common line agrees
   */
  scores: ScorePoint[];
  /** the coarse scan over 180° (absent with a hint) */
  coarseScores?: ScorePoint[];
  /** how the 180° ambiguity was resolved */
  ambiguity180: string;
  warnings: string[];
  seconds: number;
}

/** Fine-stage band in cycles across the field (divided by the working copies' side). */
const FINE_BAND = { sigma1: 2.5, radius2: 5, sigma2: 5 };
/** Coarse steps and the fine stage's reach. */
const COARSE_STEP_DEG = 2;
const HINT_STEP_DEG = 0.5;
const FINE_HALF_DEG = 2;
const FINE_STEP_DEG = 0.25;
const FIT_HALF_DEG = 1;
/** Two peaks of the score this close (in height above the scan's lowest point) are flagged. */
export const CLOSE_PEAK_RATIO = 0.8;
/** Peaks at least this far apart are different peaks (degrees). */
const PEAK_SEPARATION_DEG = 6;

const round = (x: number, d = 2) => Number(x.toFixed(d));
/** The angle in (−90°, 90°]. */
export const halfTurn = (deg: number) => {
  const r = ((deg % 180) + 180) % 180; // [0, 180)
  return r > 90 ? r - 180 : r;
};
/** φ or φ + 180°, whichever is nearer `ref`. */
const nearestTurn = (deg: number, ref: number) => deg + 180 * Math.round((ref - deg) / 180);

function fineBand(views: AxisViews): BandPass {
  const side = Math.min(views.w, views.h);
  return {
    sigma1: FINE_BAND.sigma1 / side,
    radius2: FINE_BAND.radius2 / side,
    sigma2: FINE_BAND.sigma2 / side,
  };
}

function grid(from: number, to: number, step: number): number[] {
  const n = Math.round((to - from) / step);
  return Array.from({ length: n + 1 }, (_, i) => round(from + i * step, 6));
}

/**
 * A warning naming the best and the runner-up peak of a sampled score when the runner-up rises nearly as
 * high above the scan's floor (≥ CLOSE_PEAK_RATIO of the best's rise) and is a peak of its own: at least
 * PEAK_SEPARATION_DEG away, with a dip between the two of at least a quarter of the best's rise (a shoulder
 * is not a peak). End points of an open scan are not peaks. `periodDeg` wraps the scan (180 for the axis).
 */
export function closePeaksWarning(points: readonly ScorePoint[], periodDeg?: number): string | null {
  const n = points.length;
  const idx = localMaxima(points, periodDeg).filter((i) => periodDeg || (i > 0 && i < n - 1));
  if (idx.length < 2) return null;
  const b = idx[0];
  const best = points[b];
  const floor = Math.min(...points.map((p) => p.score));
  const rise = best.score - floor;
  if (!(rise > 0)) return null;
  const dist = (i: number) => {
    const d = Math.abs(points[i].angleDeg - best.angleDeg);
    return periodDeg ? Math.min(d, periodDeg - d) : d;
  };
  /** lowest score on the way from the best to i (the shorter way round when periodic) */
  const valley = (i: number) => {
    const ways: number[][] = [];
    const lo = Math.min(i, b);
    const hi = Math.max(i, b);
    ways.push(points.slice(lo, hi + 1).map((p) => p.score));
    if (periodDeg) ways.push([...points.slice(hi), ...points.slice(0, lo + 1)].map((p) => p.score));
    return Math.max(...ways.map((w) => Math.min(...w)));
  };
  for (const i of idx.slice(1)) {
    if (dist(i) < PEAK_SEPARATION_DEG) continue;
    const second = points[i];
    if ((second.score - floor) / rise < CLOSE_PEAK_RATIO) return null;
    if (second.score - valley(i) < 0.25 * rise) continue;
    return (
      `the axis score has two close peaks: ${round(best.angleDeg, 1)}° (${best.score.toFixed(4)}) and ` +
      `${round(second.angleDeg, 1)}° (${second.score.toFixed(4)}); the axis may be the second one, ` +
      `check the aligned views or give the header's angle`
    );
  }
  return null;
}

export async function searchTiltAxis(
  input: AlignInput,
  opts: AxisSearchOptions = {},
  hooks: AlignHooks = {},
): Promise<AxisSearch> {
  const t0 = Date.now();
  const sel = selectViews(input);
  if (sel.byTilt.length < 3) {
    throw new WedgeLabError(
      'bad-argument',
      `only ${sel.byTilt.length} usable views; the tilt-axis search needs at least 3`,
    );
  }
  const rangeDeg = opts.rangeDeg ?? 10;
  if (!(rangeDeg > 0 && rangeDeg <= 90)) {
    throw new WedgeLabError(
      'bad-argument',
      `axis search range ${rangeDeg}°; expected more than 0° and at most 90°`,
    );
  }
  const hint = opts.hintDeg;
  if (hint !== undefined && !Number.isFinite(hint)) {
    throw new WedgeLabError('bad-argument', `axis hint ${hint}°; expected a number of degrees`);
  }
  const warnings = [...sel.notices];
  const span = Math.max(...sel.byTilt.map((k) => Math.abs(input.anglesDeg[k])));
  if (span < 20)
    warnings.push(`the views span only ±${span}°: the common line barely changes with the axis angle`);
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const det = input.det;
  const coarseCount = hint === undefined ? Math.round(180 / COARSE_STEP_DEG) : 0;
  const hintRange = hint === undefined ? 3 * COARSE_STEP_DEG : rangeDeg;
  const total = coarseCount + (2 * hintRange) / HINT_STEP_DEG + 1 + (2 * FINE_HALF_DEG) / FINE_STEP_DEG + 1;
  let done = 0;
  const tick = (note: string) => () => hooks.onProgress?.(Math.min(1, ++done / total), note);

  let centre: number;
  let coarseScores: ScorePoint[] | undefined;
  if (hint === undefined) {
    const cv = binViews(input, sel, binFor(det, opts.coarsePx ?? 96));
    const r = Math.min(cv.w, cv.h) / 2;
    const stage = axisStage(cv, diskFrame(cv.w, cv.h, 0.1 * r), DEFAULT_BAND_PASS);
    const evals = await scanAngles(
      stage,
      grid(-90, 90 - COARSE_STEP_DEG, COARSE_STEP_DEG),
      yielder,
      tick('coarse axis scan'),
      0,
    );
    coarseScores = scores(evals);
    const close = closePeaksWarning(coarseScores, 180);
    if (close) warnings.push(close);
    centre = coarseScores[localMaxima(coarseScores, 180)[0] ?? 0].angleDeg;
  } else centre = hint;

  const fv = binViews(input, sel, binFor(det, opts.workingPx ?? 128));
  const stage = axisStage(fv, imageFrame(fv.w, fv.h, Math.max(2, 0.1 * Math.min(fv.w, fv.h))), fineBand(fv));
  const evals = await scanAngles(
    stage,
    grid(centre - hintRange, centre + hintRange, HINT_STEP_DEG),
    yielder,
    tick('axis search'),
  );
  const wide = scores(evals);
  const interior = localMaxima(wide).filter((i) => i > 0 && i < wide.length - 1);
  const bestWide = wide[interior[0] ?? localMaxima(wide)[0] ?? 0].angleDeg;
  if (hint !== undefined) {
    const close = closePeaksWarning(wide);
    if (close) warnings.push(close);
    if (!interior.length || Math.abs(bestWide - centre) >= rangeDeg - HINT_STEP_DEG)
      warnings.push(
        `the best axis angle, ${round(bestWide, 1)}°, is at the edge of the search (header ${hint}° ± ${rangeDeg}°): ` +
          `the header's angle may be wrong; search without it`,
      );
  }
  // the quarter-degree points about the best, in the same stage (so on the same scale)
  const seen = new Set(evals.map((e) => e.angleDeg));
  const extra = grid(bestWide - FINE_HALF_DEG, bestWide + FINE_HALF_DEG, FINE_STEP_DEG).filter(
    (a) => !seen.has(a),
  );
  evals.push(...(await scanAngles(stage, extra, yielder, tick('axis refinement'))));
  const all = scores(evals);
  const near = all.filter((p) => Math.abs(p.angleDeg - bestWide) <= FINE_HALF_DEG + 1e-9);
  const iMax = near.reduce((b, p, i) => (p.score > near[b].score ? i : b), 0);
  const vertex = parabolaPeak(near, iMax, FIT_HALF_DEG);
  const found = vertex?.angleDeg ?? near[iMax].angleDeg;
  if (!vertex)
    warnings.push(
      `the axis score has no clear maximum near ${round(found, 1)}°; the angle is the grid's best (±${FINE_STEP_DEG}°)`,
    );

  let axisRotationDeg: number;
  let ambiguity180: string;
  const mirror =
    'φ and φ + 180° give the same common line and mirror-image tomograms, so the views cannot tell them apart';
  if (hint !== undefined) {
    axisRotationDeg = nearestTurn(found, hint);
    ambiguity180 = `${mirror}; kept ${round(axisRotationDeg)}°, the one nearest the header's ${hint}°`;
  } else {
    axisRotationDeg = halfTurn(found);
    ambiguity180 =
      `${mirror}; no header angle, so kept ${round(axisRotationDeg)}° (in −90°…90°) with the tilt angles' signs as given: ` +
      `if the tomogram comes out mirrored, use axisRotated180 (docs/geometry.md)`;
  }
  hooks.onProgress?.(1, 'axis search');
  return {
    axisRotationDeg,
    scores: all,
    ...(coarseScores ? { coarseScores } : {}),
    ambiguity180,
    warnings,
    seconds: (Date.now() - t0) / 1000,
  };
}
