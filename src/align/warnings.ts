/**
 * Warnings that name the views, instead of a silent bad alignment: shifts beyond a quarter of the field,
 * views whose correlation is weak or ambiguous, residual outliers, and strong intensity gradients (ice).
 */
import type { Correlation } from './xcorr/correlate.ts';
import type { AlignInput } from './types.ts';
import { viewNames } from './views.ts';
import { median } from '../core/stats.ts';

export interface WarningInputs {
  shiftsPx: [number, number][];
  residualsPx: (number | null)[];
  correlations?: (Correlation | null)[];
  excluded: readonly number[];
}

/** second peak over the first above this: two places fit almost equally well */
export const AMBIGUOUS_RATIO = 0.9;
/** a correlation below this fraction of the median view's: little common signal */
export const WEAK_FRACTION = 0.35;
/** a plane fitted to a view whose range exceeds this many detrended sds: an intensity (ice) gradient */
export const GRADIENT_SDS = 4;

const name = (input: AlignInput, views: number[]) => viewNames(views, input.anglesDeg);
const verb = (views: number[], one: string, many: string) => (views.length === 1 ? one : many);

export function residualOutliers(residualsPx: (number | null)[]): number[] {
  const vals = residualsPx.filter((r): r is number => r !== null);
  const med = median(vals);
  const mad = median(vals.map((r) => Math.abs(r - med)));
  const limit = Math.max(1, med + 5 * 1.4826 * mad);
  return residualsPx.flatMap((r, k) => (r !== null && r > limit ? [k] : []));
}

export function alignmentWarnings(input: AlignInput, w: WarningInputs): string[] {
  const out: string[] = [];
  const skip = new Set(w.excluded);
  const big = w.shiftsPx.flatMap(([dx, dy], k) =>
    !skip.has(k) && (Math.abs(dx) > input.det.nu / 4 || Math.abs(dy) > input.det.nv / 4) ? [k] : [],
  );
  if (big.length)
    out.push(`${name(input, big)} moved more than a quarter of the field; check in the aligned-stack movie`);
  if (w.correlations) {
    const peaks = w.correlations.flatMap((c) => (c ? [c.peak] : []));
    const med = median(peaks);
    const weak = w.correlations.flatMap((c, k) => (c && c.peak < WEAK_FRACTION * med ? [k] : []));
    if (weak.length)
      out.push(
        `${name(input, weak)} ${verb(weak, 'correlates', 'correlate')} weakly with the neighbours (little signal?); consider excluding`,
      );
    const ambiguous = w.correlations.flatMap((c, k) => (c && c.secondRatio > AMBIGUOUS_RATIO ? [k] : []));
    if (ambiguous.length)
      out.push(
        `${name(input, ambiguous)} ${verb(ambiguous, 'has', 'have')} two nearly equal correlation peaks (periodic or empty field?); the shift may be wrong`,
      );
  }
  const outliers = residualOutliers(w.residualsPx);
  if (outliers.length)
    out.push(
      `${name(input, outliers)} ${verb(outliers, 'is a residual outlier', 'are residual outliers')}; check or exclude`,
    );
  const ramps = gradientViews(input, skip);
  if (ramps.length)
    out.push(
      `${name(input, ramps)} ${verb(ramps, 'has', 'have')} a strong intensity gradient (ice thickness?); the band-pass removes most of it, but check their shifts`,
    );
  return out;
}

/** Views whose least-squares plane spans more than GRADIENT_SDS standard deviations of what remains. */
function gradientViews(input: AlignInput, skip: Set<number>): number[] {
  const { nu, nv } = input.det;
  const plane = nu * nv;
  const step = Math.max(1, Math.floor(Math.sqrt(plane / 4096)));
  const out: number[] = [];
  for (let k = 0; k < input.anglesDeg.length; k++) {
    if (skip.has(k)) continue;
    let n = 0,
      sx = 0,
      sy = 0,
      sv = 0,
      sxx = 0,
      syy = 0,
      sxv = 0,
      syv = 0,
      svv = 0;
    for (let y = 0; y < nv; y += step) {
      for (let x = 0; x < nu; x += step) {
        const v = input.data[k * plane + x + nu * y];
        const cx = x / nu - 0.5;
        const cy = y / nv - 0.5;
        n++;
        sx += cx;
        sy += cy;
        sv += v;
        sxx += cx * cx;
        syy += cy * cy;
        sxv += cx * v;
        syv += cy * v;
        svv += v * v;
      }
    }
    // centred grid: the x and y regressors are (nearly) orthogonal and mean-free
    const mx = sx / n,
      my = sy / n,
      mv = sv / n;
    const gx = (sxv - n * mx * mv) / (sxx - n * mx * mx);
    const gy = (syv - n * my * mv) / (syy - n * my * my);
    const total = svv - n * mv * mv;
    const explained = gx * (sxv - n * mx * mv) + gy * (syv - n * my * mv);
    const sd = Math.sqrt(Math.max(0, total - explained) / n);
    if (sd > 0 && Math.abs(gx) + Math.abs(gy) > GRADIENT_SDS * sd) out.push(k);
  }
  return out;
}
