/**
 * Alignment (drift) error of estimated per-view transforms against known ones, in pixels: the second seed
 * paper scores alignment by how far each view's features land from where the true transform puts them.
 * Per view, the residual map est ∘ truth⁻¹ takes a truly aligned point to where the estimate puts it; its
 * displacement is averaged (RMS) over a grid covering the image. A constant offset of all views (a shift of
 * the whole tomogram) is reported apart, since it moves the reconstruction without blurring it.
 */
import { WedgeLabError } from '../errors.ts';
import {
  applyInPlane,
  composeInPlane,
  fitSpecimenShift,
  invertInPlane,
  specimenShiftAt,
  type InPlaneXf,
} from '../geometry/index.ts';

export interface AlignmentErrorResult {
  /** RMS displacement per view over the image, px */
  perViewPx: number[];
  /** RMS over all views, px */
  rmsPx: number;
  maxPx: number;
  worstView: number;
  /** mean residual shift at the image centre, px: a common offset that only moves the tomogram */
  commonShiftPx: [number, number];
  /** RMS per view after removing the common shift, px: the part that blurs */
  rmsRelativePx: number;
  /**
   * With the tilt angles: RMS per view after removing the best-fitting 3D translation of the specimen,
   * (X0·cos θ + Z0·sin θ, Y0) on the detector. No alignment from the views alone can fix that translation
   * (it only moves the tomogram), so this is the part of the error that blurs; ≤ rmsRelativePx.
   */
  rmsRigidPx?: number;
}

const GRID = 9;

export function alignmentError(
  estimated: readonly InPlaneXf[],
  truth: readonly InPlaneXf[],
  dims: { nu: number; nv: number },
  anglesDeg?: readonly number[],
): AlignmentErrorResult {
  if (estimated.length !== truth.length) {
    throw new WedgeLabError(
      'mismatch',
      `alignment error: ${estimated.length} estimated transforms but ${truth.length} true ones; the files must list the same views`,
    );
  }
  if (truth.length === 0) throw new WedgeLabError('bad-argument', 'alignment error: no views to compare');
  const det = dims;
  const points: [number, number][] = [];
  for (let j = 0; j < GRID; j++)
    for (let i = 0; i < GRID; i++)
      points.push([((i + 0.5) / GRID) * det.nu - 0.5, ((j + 0.5) / GRID) * det.nv - 0.5]);
  const centre: [number, number] = [(det.nu - 1) / 2, (det.nv - 1) / 2];

  const residuals = truth.map((t, k) => composeInPlane(invertInPlane(t), estimated[k]));
  const displacement = (r: InPlaneXf, x: number, y: number, sx = 0, sy = 0): number => {
    const [ax, ay] = applyInPlane(r, det, x, y);
    return Math.hypot(ax - x - sx, ay - y - sy);
  };
  const rmsOver = (r: InPlaneXf, sx = 0, sy = 0) =>
    Math.sqrt(points.reduce((s, [x, y]) => s + displacement(r, x, y, sx, sy) ** 2, 0) / points.length);

  const perViewPx = residuals.map((r) => rmsOver(r));
  let sx = 0;
  let sy = 0;
  for (const r of residuals) {
    const [ax, ay] = applyInPlane(r, det, centre[0], centre[1]);
    sx += (ax - centre[0]) / residuals.length;
    sy += (ay - centre[1]) / residuals.length;
  }
  const relative = residuals.map((r) => rmsOver(r, sx, sy));
  const rms = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
  let rmsRigidPx: number | undefined;
  if (anglesDeg) {
    if (anglesDeg.length !== truth.length) {
      throw new WedgeLabError(
        'mismatch',
        `alignment error: ${anglesDeg.length} tilt angles for ${truth.length} views`,
      );
    }
    const at = residuals.map((r) => applyInPlane(r, det, centre[0], centre[1]));
    const fit = fitSpecimenShift(
      anglesDeg,
      at.map(([ax, ay]) => [ax - centre[0], ay - centre[1]]),
    );
    rmsRigidPx = rms(residuals.map((r, k) => rmsOver(r, ...specimenShiftAt(fit, anglesDeg[k]))));
  }
  const maxPx = Math.max(...perViewPx);
  return {
    perViewPx,
    rmsPx: rms(perViewPx),
    maxPx,
    worstView: perViewPx.indexOf(maxPx),
    commonShiftPx: [sx, sy],
    rmsRelativePx: rms(relative),
    ...(rmsRigidPx !== undefined ? { rmsRigidPx } : {}),
  };
}
