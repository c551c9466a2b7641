/**
 * Tilt margins. With tilt about y, a point (x, z) (centred voxel coordinates) lands on the detector at
 * u = x cos θ + z sin θ. A phantom conserves mass in every projection over |θ| ≤ θmax when all its mass has
 * max_θ |u| within the detector's half width (nx/2, less a pad for interpolation and blur).
 */
import type { Volume } from '../types.ts';

/** The region where phantoms may put mass for tilts up to maxTiltDeg. */
export interface TiltMargin {
  maxTiltDeg: number;
  /** mass must satisfy tiltExtentPx(x, z, maxTiltDeg) ≤ limitPx */
  limitPx: number;
  /** box half sizes (centred coordinates) that mass must also stay within */
  halfXPx: number;
  halfYPx: number;
  halfZPx: number;
}

/**
 * Pad in voxels between the surface of the mass and the edge: a partly covered voxel's centre can lie √3/2
 * beyond the surface, and a linear-interpolating projector needs voxel centres within ±(nx−1)/2.
 */
export const EDGE_PAD_PX = 1.5;

/** max over |θ| ≤ maxTilt of |x cos θ + z sin θ| (the farthest detector position of point (x, z)). */
export function tiltExtentPx(x: number, z: number, maxTiltDeg: number): number {
  const m = (Math.abs(maxTiltDeg) * Math.PI) / 180;
  const ax = Math.abs(x);
  const az = Math.abs(z);
  // |u(θ)| = R|cos(θ − φ)| peaks at R when the point's own angle φ is inside the range, else at an end
  if (Math.atan2(az, ax) <= m) return Math.hypot(ax, az);
  return ax * Math.cos(m) + az * Math.sin(m);
}

/**
 * The admissible region for a volume of nx × ny × nz voxels and tilts |θ| ≤ maxTiltDeg. `blurRadiusPx` reserves
 * room for a low-pass kernel (it spreads mass by up to that much along x and z at once). maxTiltDeg = 0 gives
 * a plain box.
 */
export function marginForTilt(
  nx: number,
  nz: number,
  maxTiltDeg: number,
  ny: number = nx,
  blurRadiusPx = 0,
): TiltMargin {
  const pad = EDGE_PAD_PX + blurRadiusPx;
  const halfXPx = Math.max(0, nx / 2 - pad);
  const limitPx = Math.max(0, nx / 2 - EDGE_PAD_PX - tiltExtentPx(blurRadiusPx, blurRadiusPx, maxTiltDeg));
  let halfZPx = Math.max(0, nz / 2 - pad);
  // z alone must fit on the detector at the largest tilt
  const m = (Math.min(Math.abs(maxTiltDeg), 90) * Math.PI) / 180;
  if (halfZPx * Math.sin(m) > limitPx) halfZPx = limitPx / Math.sin(m);
  return { maxTiltDeg: Math.abs(maxTiltDeg), limitPx, halfXPx, halfYPx: Math.max(0, ny / 2 - pad), halfZPx };
}

/** Whether a ball of radius r about c lies in the admissible region (the extent of a ball is extent(c) + r). */
export function ballFitsMargin(c: readonly number[], radiusPx: number, margin: TiltMargin): boolean {
  return (
    Math.abs(c[0]) + radiusPx <= margin.halfXPx &&
    Math.abs(c[1]) + radiusPx <= margin.halfYPx &&
    Math.abs(c[2]) + radiusPx <= margin.halfZPx &&
    tiltExtentPx(c[0], c[2], margin.maxTiltDeg) + radiusPx <= margin.limitPx
  );
}

/**
 * The largest tiltExtentPx over the centres of voxels holding non-zero density. A linear-interpolating
 * projector keeps every voxel's mass on the detector when this is ≤ (nx−1)/2, the outermost pixel centre;
 * the simulator warns otherwise.
 */
export function volumeTiltExtentPx(volume: Volume, maxTiltDeg: number): number {
  const { nx, ny, nz, data } = volume;
  let best = 0;
  for (let z = 0; z < nz; z++) {
    const zc = Math.abs(z - (nz - 1) / 2);
    // only the outermost occupied x on each side of each row matters
    for (let y = 0; y < ny; y++) {
      const o = nx * (y + ny * z);
      let lo = -1;
      for (let x = 0; x < nx; x++)
        if (data[o + x] !== 0) {
          lo = x;
          break;
        }
      if (lo < 0) continue;
      let hi = lo;
      for (let x = nx - 1; x > lo; x--)
        if (data[o + x] !== 0) {
          hi = x;
          break;
        }
      const xc = Math.max(Math.abs(lo - (nx - 1) / 2), Math.abs(hi - (nx - 1) / 2));
      best = Math.max(best, tiltExtentPx(xc, zc, maxTiltDeg));
    }
  }
  return best;
}
