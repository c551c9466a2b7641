// 2D affine transforms with IMOD .xf semantics (raw → aligned about the image centre).
import { WedgeLabError } from '../errors.ts';
import type { DetectorDims, InPlaneXf, ViewGeometry } from './types.ts';

const DEG = Math.PI / 180;

export function identityInPlane(): InPlaneXf {
  return { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 };
}

/** Counter-clockwise rotation by `angleDeg` (x right, y up), then a shift. */
export function rotationInPlane(angleDeg: number, dxPx = 0, dyPx = 0): InPlaneXf {
  const c = Math.cos(angleDeg * DEG);
  const s = Math.sin(angleDeg * DEG);
  return { a11: c, a12: -s, a21: s, a22: c, dxPx, dyPx };
}

/** The transform that applies `first`, then `second` (IMOD xfmult order). */
export function composeInPlane(first: InPlaneXf, second: InPlaneXf): InPlaneXf {
  return {
    a11: second.a11 * first.a11 + second.a12 * first.a21,
    a12: second.a11 * first.a12 + second.a12 * first.a22,
    a21: second.a21 * first.a11 + second.a22 * first.a21,
    a22: second.a21 * first.a12 + second.a22 * first.a22,
    dxPx: second.a11 * first.dxPx + second.a12 * first.dyPx + second.dxPx,
    dyPx: second.a21 * first.dxPx + second.a22 * first.dyPx + second.dyPx,
  };
}

export function inPlaneDeterminant(t: InPlaneXf): number {
  return t.a11 * t.a22 - t.a12 * t.a21;
}

/** The aligned → raw transform (same centre). */
export function invertInPlane(t: InPlaneXf): InPlaneXf {
  const det = inPlaneDeterminant(t);
  const scale = Math.max(Math.abs(t.a11), Math.abs(t.a12), Math.abs(t.a21), Math.abs(t.a22));
  if (!(Math.abs(det) > 1e-12 * scale * scale)) {
    throw new WedgeLabError(
      'bad-argument',
      `in-plane transform is singular (determinant ${det}); check the .xf line`,
    );
  }
  const a11 = t.a22 / det;
  const a12 = -t.a12 / det;
  const a21 = -t.a21 / det;
  const a22 = t.a11 / det;
  return { a11, a12, a21, a22, dxPx: -(a11 * t.dxPx + a12 * t.dyPx), dyPx: -(a21 * t.dxPx + a22 * t.dyPx) };
}

/** Centre of in-plane transforms: (nu/2, nv/2) in 0-based pixel indices, as IMOD newstack applies .xf. */
export function xfCentrePx(det: DetectorDims): [number, number] {
  return [det.nu / 2, det.nv / 2];
}

/**
 * The whole raw → aligned transform of a view: first undo the tilt-axis rotation and apply the shifts
 * (x_al = R(−axisRotation)·(x_raw − c) + c + shift), then the view's .xf if any.
 */
export function alignedFromRaw(view: ViewGeometry): InPlaneXf {
  const base = rotationInPlane(-(view.axisRotationDeg ?? 0), view.shiftXPx ?? 0, view.shiftYPx ?? 0);
  return view.xf ? composeInPlane(base, view.xf) : base;
}

/** Applies an in-plane transform to a point given in 0-based pixel indices. */
export function applyInPlane(t: InPlaneXf, det: DetectorDims, xPx: number, yPx: number): [number, number] {
  const [cx, cy] = xfCentrePx(det);
  const x = xPx - cx;
  const y = yPx - cy;
  return [t.a11 * x + t.a12 * y + cx + t.dxPx, t.a21 * x + t.a22 * y + cy + t.dyPx];
}
