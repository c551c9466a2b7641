/**
 * When Y-slabs of a reconstruction are independent, and the aligned-stack prepass that makes them so.
 *
 * Volume row y projects onto detector row v = v0 + vx·x + vy·y + vz·z (viewAffine). Rows decouple exactly
 * when every view maps volume row y onto raw detector row y: vx = vz = 0, vy = 1, v0 = 0. With no x-axis
 * tilt the 3D rotation keeps y, so this holds iff each view's whole raw → aligned in-plane transform
 * (axis rotation, shifts, .xf) has a12 = a21 = 0, a22 = 1 and dy = 0: x-shifts and x-magnification are
 * fine, and so are binning and z-offset (both only rescale or add to dx then). An in-plane rotation or a
 * y-shift is removed by resampling each view once into the aligned frame (IMOD's newstack → .ali);
 * an x-axis tilt cannot be, as it mixes y and z in 3D.
 */
import {
  alignedFromRaw,
  applyInPlane,
  invertInPlane,
  inPlaneDeterminant,
  type DetectorDims,
  type TiltGeometry,
  type ViewGeometry,
} from '../../core/geometry/index.ts';

const EPS = 1e-9;

export type SlabCoupling = 'none' | 'in-plane' | 'x-tilt';

/** Whether rows decouple ('none'), need the aligned-stack prepass ('in-plane'), or never do ('x-tilt'). */
export function slabCoupling(geometry: TiltGeometry, extraXTiltDeg = 0): SlabCoupling {
  if (Math.abs(extraXTiltDeg) > EPS || geometry.views.some((v) => Math.abs(v.xTiltDeg ?? 0) > EPS))
    return 'x-tilt';
  return geometry.views.every(rowsKept) ? 'none' : 'in-plane';
}

/**
 * Whether any view has an in-plane transform that moves rows (axis rotation, y-shift, a general .xf): what
 * the aligned-stack prepass removes. The prepass is valid with an x-tilt too, because the in-plane
 * transform acts on the detector after the 3D rotation; only the slab decoupling needs x-tilt = 0.
 */
export function hasInPlaneTransform(geometry: TiltGeometry): boolean {
  return !geometry.views.every(rowsKept);
}

function rowsKept(view: ViewGeometry): boolean {
  const t = alignedFromRaw(view);
  return (
    Math.abs(t.a12) < EPS && Math.abs(t.a21) < EPS && Math.abs(t.a22 - 1) < EPS && Math.abs(t.dyPx) < EPS
  );
}

/** The geometry of the aligned stack: tilt angles only (every in-plane transform already applied). */
export function alignedGeometry(geometry: TiltGeometry): TiltGeometry {
  return {
    ...geometry,
    views: geometry.views.map((v) =>
      v.xTiltDeg ? { angleDeg: v.angleDeg, xTiltDeg: v.xTiltDeg } : { angleDeg: v.angleDeg },
    ),
  };
}

/**
 * One raw view resampled into the aligned frame (bilinear, 0 outside, as the projectors sample), scaled by
 * 1/|det| as the projectors weight a magnifying .xf, so the aligned stack with alignedGeometry() stands for
 * the raw stack with `view`'s geometry.
 */
export function alignView(
  raw: Float32Array,
  det: DetectorDims,
  view: ViewGeometry,
  out?: Float32Array,
): Float32Array {
  const { nu, nv } = det;
  const fwd = alignedFromRaw(view);
  const inv = invertInPlane(fwd);
  const weight = 1 / Math.abs(inPlaneDeterminant(fwd));
  const dst = out ?? new Float32Array(nu * nv);
  const [u0, v0] = applyInPlane(inv, det, 0, 0);
  for (let y = 0; y < nv; y++) {
    let u = u0 + inv.a12 * y;
    let v = v0 + inv.a22 * y;
    for (let x = 0; x < nu; x++, u += inv.a11, v += inv.a21) {
      const iu = Math.floor(u);
      const iv = Math.floor(v);
      const fu = u - iu;
      const fv = v - iv;
      const at = (a: number, b: number) => (a >= 0 && a < nu && b >= 0 && b < nv ? raw[a + nu * b] : 0);
      const top = at(iu, iv) + fu * (at(iu + 1, iv) - at(iu, iv));
      const bottom = at(iu, iv + 1) + fu * (at(iu + 1, iv + 1) - at(iu, iv + 1));
      dst[x + nu * y] = weight * (top + fv * (bottom - top));
    }
  }
  return dst;
}
