// Where a voxel lands on the detector: the 3D rotation of the convention, then the in-plane alignment.
import { alignedFromRaw, inPlaneDeterminant, invertInPlane, xfCentrePx } from './inPlane.ts';
import type { DetectorDims, Vec3, ViewAffine, ViewGeometry, ViewVectors, VolumeDims } from './types.ts';

const DEG = Math.PI / 180;

/**
 * Rows of R = Ry(θ)·Rx(−α) (right-handed, acting on centred volume coordinates). Row 0 gives the aligned
 * detector u, row 1 gives v, row 2 the depth along the beam. α is IMOD's XAXISTILT; the minus sign makes a
 * section that rises along +y in the unrotated reconstruction come out flat, as IMOD's man page describes.
 */
export function viewRotation(view: ViewGeometry): [Vec3, Vec3, Vec3] {
  const t = view.angleDeg * DEG;
  const a = -(view.xTiltDeg ?? 0) * DEG;
  const ct = Math.cos(t);
  const st = Math.sin(t);
  const ca = Math.cos(a);
  const sa = Math.sin(a);
  // Ry(θ) = [[ct,0,st],[0,1,0],[-st,0,ct]], Rx(a) = [[1,0,0],[0,ca,-sa],[0,sa,ca]]
  return [
    [ct, st * sa, st * ca],
    [0, ca, -sa],
    [-st, ct * sa, ct * ca],
  ];
}

/** Unit vectors of one view in volume coordinates (aligned detector frame; shifts and .xf excluded). */
export function viewVectors(view: ViewGeometry, _dims?: VolumeDims): ViewVectors {
  const [r0, r1, r2] = viewRotation(view);
  return { uAxis: r0, vAxis: r1, beamDir: r2 };
}

/** Rotation centre of an axis of n samples: (n − 1)/2 in 0-based pixel-centre indices (IMOD tilt, even n). */
export function centreIndex(n: number): number {
  return (n - 1) / 2;
}

/** The affine map voxel index → raw detector pixel coordinates for one view (see ViewAffine). */
export function viewAffine(view: ViewGeometry, vol: VolumeDims, det: DetectorDims): ViewAffine {
  const [r0, r1] = viewRotation(view);
  const cx = centreIndex(vol.nx);
  const cy = centreIndex(vol.ny);
  const cz = centreIndex(vol.nz);
  // aligned detector coordinates: tilt axis through the detector centre ((nu−1)/2, (nv−1)/2)
  const ua0 = centreIndex(det.nu) - (r0[0] * cx + r0[1] * cy + r0[2] * cz);
  const va0 = centreIndex(det.nv) - (r1[0] * cx + r1[1] * cy + r1[2] * cz);
  // raw = B·(aligned − c − d) + c, with B = A⁻¹ of the raw → aligned transform
  const fwd = alignedFromRaw(view);
  const inv = invertInPlane(fwd);
  const [xc, yc] = xfCentrePx(det);
  const ou = ua0 - xc;
  const ov = va0 - yc;
  return {
    u0: inv.a11 * ou + inv.a12 * ov + inv.dxPx + xc,
    ux: inv.a11 * r0[0] + inv.a12 * r1[0],
    uy: inv.a11 * r0[1] + inv.a12 * r1[1],
    uz: inv.a11 * r0[2] + inv.a12 * r1[2],
    v0: inv.a21 * ou + inv.a22 * ov + inv.dyPx + yc,
    vx: inv.a21 * r0[0] + inv.a22 * r1[0],
    vy: inv.a21 * r0[1] + inv.a22 * r1[1],
    vz: inv.a21 * r0[2] + inv.a22 * r1[2],
    weight: 1 / Math.abs(inPlaneDeterminant(fwd)),
  };
}

/** Raw detector coordinates (0-based pixel indices, fractional) of a volume point given in voxel indices. */
export function projectPoint(
  view: ViewGeometry,
  vol: VolumeDims,
  det: DetectorDims,
  point: Vec3,
): [number, number] {
  const m = viewAffine(view, vol, det);
  const [x, y, z] = point;
  return [m.u0 + m.ux * x + m.uy * y + m.uz * z, m.v0 + m.vx * x + m.vy * y + m.vz * z];
}
