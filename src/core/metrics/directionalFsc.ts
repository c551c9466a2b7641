/**
 * Directional FSC: the Fourier points that one of the actual tilt views measured ("present") against the
 * rest ("missing"), from the real tilt list rather than a nominal range.
 *
 * Convention (volume axes x columns, y tilt axis, z beam at 0°): the view at tilt θ measures the central
 * plane that contains the tilt axis and the direction cos θ·e + sin θ·z, where e = (cos φ, sin φ, 0) is
 * the in-plane direction normal to the tilt axis rotated by φ = tiltAxisAngleDeg (counter-clockwise from
 * Y). With angleSign −1 the plane at θ is the one listed here for −θ; this only matters for asymmetric
 * tilt lists (−40…+60 covers directions between −40° and +60° from x towards z with the default sign).
 *
 * A point is present when its distance to the nearest measured plane is at most half a voxel of the
 * cubic grid of side M = max(nx, ny, nz) (frequencies normalised per axis, then × M), as if the volume
 * had been padded to a cube.
 */
import { WedgeLabError } from '../errors.ts';
import { fscByRegion, type FscOptions, type FscResult } from './fsc.ts';
import { checkSameShape, type VolumeInput } from './volumeInput.ts';

export interface TiltGeometry {
  /** in-plane rotation of the tilt axis from Y, degrees, counter-clockwise; default 0 */
  tiltAxisAngleDeg?: number;
  /** multiply every tilt angle by this before building planes; default 1 (see the file comment) */
  angleSign?: 1 | -1;
}

export interface DirectionalFscResult {
  all: FscResult;
  present: FscResult;
  missing: FscResult;
}

export const PRESENT = 0;
export const MISSING = 1;

/**
 * Classifier for frequencies in cycles/px per axis: PRESENT or MISSING. `gridSize` is M, the cube side
 * whose Fourier voxels measure the half-voxel tolerance.
 */
export function createWedgeClassifier(
  tiltAnglesDeg: readonly number[],
  gridSize: number,
  geometry: TiltGeometry = {},
): (fx: number, fy: number, fz: number) => number {
  if (tiltAnglesDeg.length === 0) {
    throw new WedgeLabError('bad-argument', 'directional FSC: the tilt list is empty; pass the .tlt angles');
  }
  const sign = geometry.angleSign ?? 1;
  const phi = ((geometry.tiltAxisAngleDeg ?? 0) * Math.PI) / 180;
  const ex = Math.cos(phi);
  const ey = Math.sin(phi);
  // plane angles folded into [0, π): a plane at θ and θ + π is the same plane
  const planes = Array.from(new Set(tiltAnglesDeg.map((t) => foldPi((sign * t * Math.PI) / 180)))).sort(
    (p, q) => p - q,
  );
  const angles = Float64Array.from(planes);
  const tol = 0.5 / gridSize;
  return (fx, fy, fz) => {
    const p = fx * ex + fy * ey;
    const q = fz;
    const rPerp = Math.sqrt(p * p + q * q);
    if (rPerp <= tol) return PRESENT;
    const alpha = foldPi(Math.atan2(q, p));
    // nearest plane angle, circularly on [0, π)
    let lo = 0;
    let hi = angles.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (angles[mid] < alpha) lo = mid + 1;
      else hi = mid;
    }
    const above = angles[lo % angles.length];
    const below = angles[(lo - 1 + angles.length) % angles.length];
    const d = Math.min(Math.abs(Math.sin(alpha - above)), Math.abs(Math.sin(alpha - below)));
    return rPerp * d <= tol ? PRESENT : MISSING;
  };
}

function foldPi(a: number): number {
  let v = a % Math.PI;
  if (v < 0) v += Math.PI;
  return v >= Math.PI ? 0 : v;
}

export function directionalFsc(
  a: VolumeInput,
  b: VolumeInput,
  tiltAnglesDeg: readonly number[],
  geometry: TiltGeometry = {},
  options: FscOptions = {},
): DirectionalFscResult {
  checkSameShape(a, b, 'directional FSC');
  const classify = createWedgeClassifier(tiltAnglesDeg, Math.max(a.nx, a.ny, a.nz), geometry);
  const { regions, total } = fscByRegion(a, b, classify, 2, options, 'directional FSC');
  return { all: total, present: regions[PRESENT], missing: regions[MISSING] };
}
