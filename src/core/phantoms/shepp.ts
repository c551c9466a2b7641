/**
 * "shepp": the 3D Shepp–Logan phantom of TomoPhantom's model 13 (Phantom3DLibrary.dat, Apache-2.0; the
 * numbers below are that table). TomoPhantom conventions, kept here:
 * - coordinates in [-1, 1] per axis, so the phantom stretches with the volume's aspect ratio;
 * - the .dat's x0 and y0 are swapped when drawn (TomoPhantom calls its core with (y0, x0)): x0 moves along
 *   our y (rows), y0 along our x (columns, fastest); semi-axes a, b, c lie along our x, y, z;
 * - local = A(ψ1, ψ2, ψ3)·(p − centre), A = TomoPhantom's matrot3 (only ψ1, about z, is non-zero here);
 * - densities add up (C0 may be negative).
 * Differences: unit 0 sits at the volume centre ((n−1)/2; TomoPhantom's grid is half a voxel off), voxels are
 * supersampled rather than point sampled, and the phantom shrinks uniformly if the tilt margin demands.
 * The seed is not used (the phantom is fixed).
 */
import type { PhantomContext, PhantomDesign } from './context.ts';
import { tiltExtentPx } from './margin.ts';
import type { Ellipsoid } from './primitives.ts';
import type { Mat3, Vec3 } from './vec.ts';
import { mulMat, symmetricEigen, transpose } from './vec.ts';

/** Rows: C0, x0, y0, z0, a, b, c, ψ1, ψ2, ψ3 (degrees), exactly as in Phantom3DLibrary.dat model 13. */
export const SHEPP_LOGAN_MODEL13: readonly (readonly number[])[] = [
  [1.0, 0.0, 0.0, 0.0, 0.69, 0.92, 0.81, 0.0, 0.0, 0.0],
  [-0.8, 0.0184, 0.0, 0.0, 0.6624, 0.874, 0.78, 0.0, 0.0, 0.0],
  [-0.2, 0.0, 0.22, 0.0, 0.11, 0.31, 0.22, 18.0, 0.0, 0.0],
  [-0.2, 0.0, -0.22, 0.0, 0.16, 0.41, 0.28, -18.0, 0.0, 0.0],
  [0.1, -0.35, 0.0, -0.15, 0.21, 0.25, 0.41, 0.0, 0.0, 0.0],
  [0.1, -0.1, 0.0, 0.0, 0.046, 0.046, 0.05, 0.0, 0.0, 0.0],
  [0.1, 0.1, 0.0, 0.0, 0.046, 0.046, 0.05, 0.0, 0.0, 0.0],
  [0.1, 0.605, -0.08, 0.0, 0.046, 0.023, 0.05, 0.0, 0.0, 0.0],
  [0.1, 0.606, 0.0, 0.0, 0.023, 0.023, 0.02, 0.0, 0.0, 0.0],
  [0.1, 0.605, 0.06, 0.0, 0.023, 0.046, 0.02, 0.0, 0.0, 0.0],
];

/** TomoPhantom's matrot3 (utils.c): local = A·(p − centre). */
export function tomophantomRotation(psi1Deg: number, psi2Deg: number, psi3Deg: number): Mat3 {
  const [p1, p2, p3] = [psi1Deg, psi2Deg, psi3Deg].map((d) => (d * Math.PI) / 180);
  const [c1, s1, c2, s2, c3, s3] = [
    Math.cos(p1),
    Math.sin(p1),
    Math.cos(p2),
    Math.sin(p2),
    Math.cos(p3),
    Math.sin(p3),
  ];
  return [
    c1 * c2 * c3 - s1 * s3,
    s1 * c2 * c3 + c1 * s3,
    -s2 * c3,
    -c1 * c2 * s3 - s1 * c3,
    -s1 * c2 * s3 + c1 * c3,
    s2 * s3,
    c1 * s2,
    s1 * s2,
    c2,
  ];
}

/**
 * One TomoPhantom ellipsoid row as an Ellipsoid in centred voxel coordinates, with `unitPx` voxels per
 * TomoPhantom unit along x, y, z. Unequal units shear rotated ellipsoids, so the axes come from the quadric.
 */
export function tomophantomEllipsoid(row: readonly number[], unitPx: Vec3): Ellipsoid {
  const [c0, x0, y0, z0, a, b, c, p1, p2, p3] = row;
  const center: Vec3 = [y0 * unitPx[0], x0 * unitPx[1], z0 * unitPx[2]];
  // M = diag(1/a, 1/b, 1/c)·A·diag(1/unit) maps voxel offsets to the unit ball; Q = MᵀM
  const A = tomophantomRotation(p1, p2, p3);
  const inv = [1 / a, 1 / b, 1 / c];
  const m = A.map((v, i) => (v * inv[Math.floor(i / 3)]) / unitPx[i % 3]) as Mat3;
  const q = mulMat(transpose(m), m);
  const { values, vectors } = symmetricEigen(q);
  return {
    kind: 'ellipsoid',
    center,
    rotation: vectors,
    semiAxesPx: values.map((l) => 1 / Math.sqrt(l)) as Vec3,
    density: c0,
  };
}

export function designShepp(ctx: PhantomContext): PhantomDesign {
  const { nx, ny, nz, margin } = ctx;
  const unit: Vec3 = [nx / 2, ny / 2, nz / 2];
  // the first (outer) ellipsoid holds all the others; shrink uniformly until it fits the margin
  const [, , , , a, b, c] = SHEPP_LOGAN_MODEL13[0];
  const ax = a * unit[0];
  const ay = b * unit[1];
  const az = c * unit[2];
  const m = (margin.maxTiltDeg * Math.PI) / 180;
  // an axis-aligned ellipse's detector half-width at tilt θ is √((ax cos θ)² + (az sin θ)²): extreme at 0 or θmax
  const reach = Math.max(ax, Math.hypot(ax * Math.cos(m), az * Math.sin(m)));
  const k = Math.min(
    1,
    margin.halfXPx / ax,
    margin.halfYPx / ay,
    margin.halfZPx / az,
    ctx.slabHalfPx / az,
    margin.limitPx / Math.max(reach, tiltExtentPx(0, az, margin.maxTiltDeg)),
  );
  const scaled: Vec3 = [unit[0] * k, unit[1] * k, unit[2] * k];
  return {
    primitives: SHEPP_LOGAN_MODEL13.map((row) => tomophantomEllipsoid(row, scaled)),
    voxelSizeA: ctx.voxelSizeA ?? 10,
  };
}
