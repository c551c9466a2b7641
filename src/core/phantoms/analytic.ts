/**
 * Exact line integrals for ellipsoids and hollow spheres, and analytic projection images, to test projectors
 * against. Geometry-agnostic: a view is three vectors in centred volume coordinates (voxel units); the ray of
 * detector pixel (iu, iv) passes through u·uAxis + v·vAxis, u = iu − (nu−1)/2, v = iv − (nv−1)/2, along
 * beamDir. Integrals are geometric (density × length in voxels), whatever the length of the direction vector.
 */
import { WedgeLabError } from '../errors.ts';
import type { AnalyticPrimitive, Ellipsoid, Primitive, Shell } from './primitives.ts';
import { boundingRadiusPx, isAnalytic } from './primitives.ts';
import type { Vec3 } from './vec.ts';

export interface ProjectionView {
  beamDir: Vec3;
  uAxis: Vec3;
  vAxis: Vec3;
}

/** Length of the chord of {q : |q0 + t·q1| ≤ 1} in t, times |dir| (q = M(p − c), M maps the shape to the unit ball). */
function unitBallChord(q0: Vec3, q1: Vec3, dirLen: number): number {
  const a = q1[0] * q1[0] + q1[1] * q1[1] + q1[2] * q1[2];
  if (a === 0) return 0;
  const b = q0[0] * q1[0] + q0[1] * q1[1] + q0[2] * q1[2];
  const c = q0[0] * q0[0] + q0[1] * q0[1] + q0[2] * q0[2] - 1;
  const disc = b * b - a * c;
  return disc > 0 ? ((2 * Math.sqrt(disc)) / a) * dirLen : 0;
}

/** ∫ density along the line origin + t·dir (t over ℝ) for a constant-density ellipsoid. */
export function ellipsoidRayIntegral(e: Ellipsoid, origin: Vec3, dir: Vec3): number {
  const r = e.rotation;
  const [a, b, c] = e.semiAxesPx;
  const o: Vec3 = [origin[0] - e.center[0], origin[1] - e.center[1], origin[2] - e.center[2]];
  const q0: Vec3 = [
    (r[0] * o[0] + r[1] * o[1] + r[2] * o[2]) / a,
    (r[3] * o[0] + r[4] * o[1] + r[5] * o[2]) / b,
    (r[6] * o[0] + r[7] * o[1] + r[8] * o[2]) / c,
  ];
  const q1: Vec3 = [
    (r[0] * dir[0] + r[1] * dir[1] + r[2] * dir[2]) / a,
    (r[3] * dir[0] + r[4] * dir[1] + r[5] * dir[2]) / b,
    (r[6] * dir[0] + r[7] * dir[1] + r[8] * dir[2]) / c,
  ];
  return e.density * unitBallChord(q0, q1, Math.hypot(dir[0], dir[1], dir[2]));
}

function sphereChord(center: Vec3, radius: number, origin: Vec3, dir: Vec3): number {
  if (radius <= 0) return 0;
  const q0: Vec3 = [
    (origin[0] - center[0]) / radius,
    (origin[1] - center[1]) / radius,
    (origin[2] - center[2]) / radius,
  ];
  const q1: Vec3 = [dir[0] / radius, dir[1] / radius, dir[2] / radius];
  return unitBallChord(q0, q1, Math.hypot(dir[0], dir[1], dir[2]));
}

/** Hollow sphere = outer sphere minus inner sphere. */
export function shellRayIntegral(s: Shell, origin: Vec3, dir: Vec3): number {
  return (
    s.density *
    (sphereChord(s.center, s.outerRadiusPx, origin, dir) -
      sphereChord(s.center, s.innerRadiusPx, origin, dir))
  );
}

export function primitiveRayIntegral(p: AnalyticPrimitive, origin: Vec3, dir: Vec3): number {
  return p.kind === 'ellipsoid' ? ellipsoidRayIntegral(p, origin, dir) : shellRayIntegral(p, origin, dir);
}

export interface AnalyticProjectionOptions {
  /** average k×k rays per detector pixel (pixel-area integration); default 1 (ray through the centre) */
  supersample?: number;
}

/**
 * Detector image (nu × nv, u fastest) of the sum of analytic primitives (ellipsoids, spheres, shells, so the
 * Shepp–Logan table too). Each primitive only visits the pixels its bounding ball can reach.
 */
export function projectEllipsoidsAnalytic(
  prims: readonly Primitive[],
  view: ProjectionView,
  nu: number,
  nv: number,
  opts: AnalyticProjectionOptions = {},
): Float32Array {
  const bad = prims.find((p) => !isAnalytic(p));
  if (bad) {
    throw new WedgeLabError(
      'unsupported',
      `analytic projection supports ellipsoids and shells only, not "${bad.kind}"; rasterise and use the projector`,
    );
  }
  const { beamDir: d, uAxis: ua, vAxis: va } = view;
  // (u, v, t) of a point p solves [uAxis vAxis beamDir]·(u, v, t) = p
  const inv = invertColumns(ua, va, d);
  if (!inv)
    throw new WedgeLabError(
      'bad-argument',
      'projection view vectors are degenerate (uAxis, vAxis, beamDir coplanar)',
    );
  const rowNorm = (i: number): number => Math.hypot(inv[3 * i], inv[3 * i + 1], inv[3 * i + 2]);
  const nu2 = rowNorm(0);
  const nv2 = rowNorm(1);
  const k = Math.max(1, Math.round(opts.supersample ?? 1));
  const out = new Float64Array(nu * nv);
  const cu = (nu - 1) / 2;
  const cv = (nv - 1) / 2;
  const origin: Vec3 = [0, 0, 0];
  for (const p of prims) {
    const pa = p as AnalyticPrimitive;
    const c = p.center;
    const uc = inv[0] * c[0] + inv[1] * c[1] + inv[2] * c[2];
    const vc = inv[3] * c[0] + inv[4] * c[1] + inv[5] * c[2];
    const r = boundingRadiusPx(p);
    const iu0 = Math.max(0, Math.floor(uc - r * nu2 + cu - 1));
    const iu1 = Math.min(nu - 1, Math.ceil(uc + r * nu2 + cu + 1));
    const iv0 = Math.max(0, Math.floor(vc - r * nv2 + cv - 1));
    const iv1 = Math.min(nv - 1, Math.ceil(vc + r * nv2 + cv + 1));
    for (let iv = iv0; iv <= iv1; iv++) {
      for (let iu = iu0; iu <= iu1; iu++) {
        let sum = 0;
        for (let sv = 0; sv < k; sv++) {
          const v = iv - cv + (sv + 0.5) / k - 0.5;
          for (let su = 0; su < k; su++) {
            const u = iu - cu + (su + 0.5) / k - 0.5;
            origin[0] = u * ua[0] + v * va[0];
            origin[1] = u * ua[1] + v * va[1];
            origin[2] = u * ua[2] + v * va[2];
            sum += primitiveRayIntegral(pa, origin, d);
          }
        }
        out[iu + nu * iv] += sum / (k * k);
      }
    }
  }
  return Float32Array.from(out);
}

/** Inverse of the matrix with columns a, b, c (row-major), or null when singular. */
function invertColumns(a: Vec3, b: Vec3, c: Vec3): number[] | null {
  const m = [a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]];
  const det =
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (Math.abs(det) < 1e-12) return null;
  const id = 1 / det;
  return [
    (m[4] * m[8] - m[5] * m[7]) * id,
    (m[2] * m[7] - m[1] * m[8]) * id,
    (m[1] * m[5] - m[2] * m[4]) * id,
    (m[5] * m[6] - m[3] * m[8]) * id,
    (m[0] * m[8] - m[2] * m[6]) * id,
    (m[2] * m[3] - m[0] * m[5]) * id,
    (m[3] * m[7] - m[4] * m[6]) * id,
    (m[1] * m[6] - m[0] * m[7]) * id,
    (m[0] * m[4] - m[1] * m[3]) * id,
  ];
}
