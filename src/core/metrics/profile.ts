/** Line profiles across membranes, their FWHM, and a box SNR. */
import { WedgeLabError } from '../errors.ts';
import { checkVolume, type VolumeInput } from './volumeInput.ts';

export type Vec3 = [number, number, number];

export interface LineProfile {
  /** distance from p0 along the line, px */
  positionPx: number[];
  values: number[];
  spacingPx: number;
}

export interface LineProfileOptions {
  /** side of the square cross-section averaged at each sample (px, normal to the line); default 1 */
  widthPx?: number;
  /** sample spacing along the line, px; default 0.5 */
  stepPx?: number;
}

/**
 * Samples the volume from p0 to p1 (voxel coordinates, x y z; voxel centres at integers) with trilinear
 * interpolation, averaging a widthPx × widthPx square normal to the line at 1-px spacing. Samples
 * outside the volume use the nearest edge voxel.
 */
export function lineProfile(
  volume: VolumeInput,
  p0: Vec3,
  p1: Vec3,
  options: LineProfileOptions = {},
): LineProfile {
  checkVolume(volume, 'lineProfile');
  const width = Math.max(1, Math.round(options.widthPx ?? 1));
  const step = options.stepPx ?? 0.5;
  const d: Vec3 = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
  const length = Math.hypot(d[0], d[1], d[2]);
  if (!(length > 0) || !(step > 0)) {
    throw new WedgeLabError('bad-argument', 'lineProfile: p0 and p1 must differ and stepPx must be > 0');
  }
  const t: Vec3 = [d[0] / length, d[1] / length, d[2] / length];
  const [u, v] = orthonormalPair(t);
  const n = Math.floor(length / step + 1e-9) + 1;
  const positionPx: number[] = [];
  const values: number[] = [];
  const half = (width - 1) / 2;
  for (let s = 0; s < n; s++) {
    const along = s * step;
    let sum = 0;
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        const oa = a - half;
        const ob = b - half;
        sum += trilinear(
          volume,
          p0[0] + t[0] * along + u[0] * oa + v[0] * ob,
          p0[1] + t[1] * along + u[1] * oa + v[1] * ob,
          p0[2] + t[2] * along + u[2] * oa + v[2] * ob,
        );
      }
    }
    positionPx.push(along);
    values.push(sum / (width * width));
  }
  return { positionPx, values, spacingPx: step };
}

function orthonormalPair(t: Vec3): [Vec3, Vec3] {
  // any vector not parallel to t, then Gram–Schmidt and a cross product
  const seed: Vec3 = Math.abs(t[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const dot = seed[0] * t[0] + seed[1] * t[1] + seed[2] * t[2];
  const u0: Vec3 = [seed[0] - dot * t[0], seed[1] - dot * t[1], seed[2] - dot * t[2]];
  const nu = Math.hypot(u0[0], u0[1], u0[2]);
  const u: Vec3 = [u0[0] / nu, u0[1] / nu, u0[2] / nu];
  const v: Vec3 = [t[1] * u[2] - t[2] * u[1], t[2] * u[0] - t[0] * u[2], t[0] * u[1] - t[1] * u[0]];
  return [u, v];
}

export function trilinear(vol: VolumeInput, x: number, y: number, z: number): number {
  const { nx, ny, nz, data } = vol;
  const cx = Math.min(Math.max(x, 0), nx - 1);
  const cy = Math.min(Math.max(y, 0), ny - 1);
  const cz = Math.min(Math.max(z, 0), nz - 1);
  const x0 = Math.min(Math.floor(cx), nx - 2 < 0 ? 0 : nx - 2);
  const y0 = Math.min(Math.floor(cy), ny - 2 < 0 ? 0 : ny - 2);
  const z0 = Math.min(Math.floor(cz), nz - 2 < 0 ? 0 : nz - 2);
  const fx = cx - x0;
  const fy = cy - y0;
  const fz = cz - z0;
  const x1 = Math.min(x0 + 1, nx - 1);
  const y1 = Math.min(y0 + 1, ny - 1);
  const z1 = Math.min(z0 + 1, nz - 1);
  const at = (xi: number, yi: number, zi: number) => data[xi + nx * (yi + ny * zi)];
  const c00 = at(x0, y0, z0) * (1 - fx) + at(x1, y0, z0) * fx;
  const c10 = at(x0, y1, z0) * (1 - fx) + at(x1, y1, z0) * fx;
  const c01 = at(x0, y0, z1) * (1 - fx) + at(x1, y0, z1) * fx;
  const c11 = at(x0, y1, z1) * (1 - fx) + at(x1, y1, z1) * fx;
  return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
}

export interface FwhmOptions {
  /** 'auto' (default) picks whichever extreme departs more from the baseline */
  polarity?: 'auto' | 'peak' | 'trough';
  /** samples at each end averaged for the baseline; default max(1, round(length / 10)) */
  edgeSamples?: number;
  /** distance between samples, px; default 1 (use LineProfile.spacingPx) */
  spacingPx?: number;
  /** Å per px for fwhmA; default 1 */
  voxelSizeA?: number;
}

export interface FwhmResult {
  fwhmPx: number;
  fwhmA: number;
  /** position of the extreme sample, px from the profile start */
  centerPx: number;
  baseline: number;
  /** height of the extreme above (peak) or depth below (trough) the baseline */
  amplitude: number;
  polarity: 'peak' | 'trough';
}

/**
 * Full width at half maximum of the main peak (or trough) of a profile: baseline = mean of the end
 * samples, amplitude = the extreme refined by a parabola through it and its neighbours (a narrow peak
 * rarely sits on a sample), half level = baseline ± amplitude/2, crossings found walking outwards from
 * the extreme and linearly interpolated. Null when either side never comes back below half (the peak runs off the end).
 */
export function fwhm(profile: ArrayLike<number>, options: FwhmOptions = {}): FwhmResult | null {
  const n = profile.length;
  if (n < 3) throw new WedgeLabError('bad-argument', `fwhm: a profile needs at least 3 samples (got ${n})`);
  const edge = Math.min(Math.floor(n / 2), options.edgeSamples ?? Math.max(1, Math.round(n / 10)));
  let base = 0;
  for (let i = 0; i < edge; i++) base += profile[i] + profile[n - 1 - i];
  base /= 2 * edge;
  let iMax = 0;
  let iMin = 0;
  for (let i = 1; i < n; i++) {
    if (profile[i] > profile[iMax]) iMax = i;
    if (profile[i] < profile[iMin]) iMin = i;
  }
  let polarity = options.polarity ?? 'auto';
  if (polarity === 'auto') polarity = profile[iMax] - base >= base - profile[iMin] ? 'peak' : 'trough';
  const sgn = polarity === 'peak' ? 1 : -1;
  const center = polarity === 'peak' ? iMax : iMin;
  const h = (i: number) => sgn * (profile[i] - base);
  const amplitude = refinePeak(
    h(center - 1 < 0 ? center : center - 1),
    h(center),
    h(center + 1 >= n ? center : center + 1),
  );
  if (!(amplitude > 0)) return null;
  const half = amplitude / 2;
  let left = -1;
  for (let i = center; i > 0; i--) {
    if (h(i - 1) < half) {
      left = i - 1 + (half - h(i - 1)) / (h(i) - h(i - 1));
      break;
    }
  }
  let right = -1;
  for (let i = center; i < n - 1; i++) {
    if (h(i + 1) < half) {
      right = i + (h(i) - half) / (h(i) - h(i + 1));
      break;
    }
  }
  if (left < 0 || right < 0) return null;
  const spacing = options.spacingPx ?? 1;
  const fwhmPx = (right - left) * spacing;
  return {
    fwhmPx,
    fwhmA: fwhmPx * (options.voxelSizeA ?? 1),
    centerPx: center * spacing,
    baseline: base,
    amplitude,
    polarity,
  };
}

/** Vertex height of the parabola through three equally spaced samples (b the largest). */
function refinePeak(a: number, b: number, c: number): number {
  const curvature = a - 2 * b + c;
  if (!(curvature < 0)) return b;
  return b - ((c - a) * (c - a)) / (8 * curvature);
}

/** Axis-aligned box of voxels, min inclusive, max exclusive: [x, y, z]. */
export interface Box {
  min: Vec3;
  max: Vec3;
}

export interface SnrResult {
  /** signalMean / backgroundSd */
  snr: number;
  signalMean: number;
  backgroundMean: number;
  backgroundSd: number;
}

/** SNR = mean over the signal box / standard deviation (population) over the background box. */
export function snr(volume: VolumeInput, signal: Box, background: Box): SnrResult {
  checkVolume(volume, 'snr');
  const s = boxStats(volume, signal, 'signal');
  const b = boxStats(volume, background, 'background');
  return { snr: s.mean / b.sd, signalMean: s.mean, backgroundMean: b.mean, backgroundSd: b.sd };
}

function boxStats(vol: VolumeInput, box: Box, name: string): { mean: number; sd: number } {
  const { nx, ny, nz, data } = vol;
  const [x0, y0, z0] = box.min;
  const [x1, y1, z1] = box.max;
  if (!(x0 >= 0 && y0 >= 0 && z0 >= 0 && x1 <= nx && y1 <= ny && z1 <= nz && x1 > x0 && y1 > y0 && z1 > z0)) {
    throw new WedgeLabError(
      'bad-argument',
      `snr: ${name} box [${box.min}]–[${box.max}] is empty or outside the ${nx}×${ny}×${nz} volume`,
    );
  }
  let sum = 0;
  let count = 0;
  for (let z = z0; z < z1; z++)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += data[x + nx * (y + ny * z)];
  count = (x1 - x0) * (y1 - y0) * (z1 - z0);
  const mean = sum / count;
  let ss = 0;
  for (let z = z0; z < z1; z++)
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const d = data[x + nx * (y + ny * z)] - mean;
        ss += d * d;
      }
  return { mean, sd: Math.sqrt(ss / count) };
}
