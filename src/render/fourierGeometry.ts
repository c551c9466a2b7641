/**
 * Where the missing wedge lies in a central section of the spectrum, from the actual tilt list and tilt-axis
 * angle, with the directional FSC's convention and classifier (src/core/metrics/directionalFsc.ts): the view
 * at tilt θ measures the central plane through the tilt axis and cos θ·e + sin θ·z, e the in-plane normal to
 * the axis. Pure; the Fourier view draws what these return.
 */
import { PLANE_AXES, planeSize, type SectionPlane } from '../core/fft/centralSections.ts';
import { createWedgeClassifier, MISSING } from '../core/metrics/directionalFsc.ts';

type Vec3 = [number, number, number];
const UNIT: Record<'x' | 'y' | 'z', Vec3> = { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] };

export interface Dims3 {
  nx: number;
  ny: number;
  nz: number;
}

/**
 * The direction (h, v) in the section (both in cycles/px, the section drawn square over ±½ cycle/px) where the
 * plane measured at tilt `angleDeg` crosses it; null when that plane is the section itself (no line).
 */
export function sectionLine(
  plane: SectionPlane,
  angleDeg: number,
  tiltAxisAngleDeg = 0,
): [number, number] | null {
  const phi = (tiltAxisAngleDeg * Math.PI) / 180;
  const e: Vec3 = [Math.cos(phi), Math.sin(phi), 0];
  const t = (angleDeg * Math.PI) / 180;
  const { h, v } = PLANE_AXES[plane];
  // a point s·h + r·v is at angle θ from e towards z when its z part·cos θ = its e part·sin θ
  const coef = (a: Vec3) => a[2] * Math.cos(t) - (a[0] * e[0] + a[1] * e[1]) * Math.sin(t);
  const A = coef(UNIT[h]);
  const B = coef(UNIT[v]);
  const n = Math.hypot(A, B);
  if (n < 1e-9) return null;
  return [B / n, -A / n];
}

/** The screen angle (degrees, counter-clockwise from +h) of a section line, folded to (−90°, 90°]. */
export function lineAngleDeg(dir: [number, number]): number {
  let a = (Math.atan2(dir[1], dir[0]) * 180) / Math.PI;
  if (a <= -90) a += 180;
  if (a > 90) a -= 180;
  return Math.round(a * 1e6) / 1e6;
}

/** The extreme tilts of the list: the wedge's two edges. */
export function wedgeEdgesDeg(tiltsDeg: readonly number[]): [number, number] {
  return [Math.min(...tiltsDeg), Math.max(...tiltsDeg)];
}

/**
 * 1 where the section's Fourier pixel was never measured (the directional FSC's MISSING), 0 elsewhere, in the
 * layout of powerSpectrum2d (origin at ⌊w/2⌋, ⌊h/2⌋).
 */
export function missingMask(
  plane: SectionPlane,
  dims: Dims3,
  tiltsDeg: readonly number[],
  tiltAxisAngleDeg = 0,
): Uint8Array {
  const { width, height } = planeSize(plane, dims);
  const classify = createWedgeClassifier(tiltsDeg, Math.max(dims.nx, dims.ny, dims.nz), {
    tiltAxisAngleDeg,
  });
  const { h, v } = PLANE_AXES[plane];
  const size = { x: dims.nx, y: dims.ny, z: dims.nz };
  const out = new Uint8Array(width * height);
  const f: Record<'x' | 'y' | 'z', number> = { x: 0, y: 0, z: 0 };
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      f.x = f.y = f.z = 0;
      f[h] = (i - Math.floor(width / 2)) / size[h];
      f[v] = (j - Math.floor(height / 2)) / size[v];
      out[i + width * j] = classify(f.x, f.y, f.z) === MISSING ? 1 : 0;
    }
  }
  return out;
}

/** Mean power of the pixels the mask marks (inside the wedge) and of the rest, the origin left out. */
export function wedgePower(
  power: ArrayLike<number>,
  mask: Uint8Array,
  width: number,
  height: number,
): { inside: number; outside: number } {
  const origin = Math.floor(width / 2) + width * Math.floor(height / 2);
  let si = 0;
  let ni = 0;
  let so = 0;
  let no = 0;
  for (let k = 0; k < mask.length; k++) {
    if (k === origin) continue;
    if (mask[k]) {
      si += power[k];
      ni++;
    } else {
      so += power[k];
      no++;
    }
  }
  return { inside: ni ? si / ni : 0, outside: no ? so / no : 0 };
}

/** What the caption says about the wedge in this section. */
export function wedgeNote(plane: SectionPlane, tiltsDeg: readonly number[]): string {
  const [lo, hi] = wedgeEdgesDeg(tiltsDeg);
  if (plane === 'xy')
    return 'the wedge does not show in this plane: every view measures the kx–ky plane at kz = 0';
  if (plane === 'yz')
    return hi >= 90 || lo <= -90
      ? 'the ±90° view measures this plane'
      : 'only the ky axis is measured here: this plane lies inside the wedge (no view is edge-on)';
  return `the wedge around kz, beyond ${lo}° and ${hi}°, was never measured`;
}
