/**
 * Fourier shell correlation. Both volumes go through one complex 3D FFT (a + i·b) and are unpacked per
 * point with Hermitian symmetry. Frequencies are normalised per axis (cycles/px: kx/nx, ky/ny, kz/nz),
 * so non-cubic volumes work; shells are 1/M wide with M = the largest dimension (× shellWidth).
 */
import { WedgeLabError } from '../errors.ts';
import { fftRealPair3d } from '../fft/fft3d.ts';
import { subHooks, throwIfAborted, type MetricHooks } from './hooks.ts';
import { checkSameShape, type VolumeInput } from './volumeInput.ts';

/** Progress: the FFT reports per plane up to 0.6, the shell sums per kz plane up to 1. */
export interface FscOptions extends MetricHooks {
  /** Å per voxel for the resolution figures; default the first volume's x voxel size, else 1; 0 = unknown */
  voxelSizeA?: number;
  /** shell width in Fourier voxels of the largest dimension, default 1 */
  shellWidth?: number;
}

export interface FscCrossing {
  /** spatial frequency where the curve first drops below the threshold, cycles/px */
  freqPerPx: number;
  /** voxelSizeA / freqPerPx; null when the voxel size is unknown (0) */
  resolutionA: number | null;
}

export interface FscResult {
  /** shell centre frequencies, cycles/px, from 1/M up to Nyquist 0.5 */
  freq: number[];
  fsc: number[];
  /** Fourier points per shell (full spectrum, both Friedel mates counted) */
  nPoints: number[];
  fsc143: FscCrossing | null;
  fsc05: FscCrossing | null;
}

/** Returns a region index ≥ 0 for a frequency (cycles/px per axis), or −1 to drop the point. */
export type RegionOf = (fx: number, fy: number, fz: number) => number;

export function fsc(a: VolumeInput, b: VolumeInput, options: FscOptions = {}): FscResult {
  return fscByRegion(a, b, null, 1, options, 'fsc').total;
}

/**
 * FSC curves for several Fourier regions in one pass (one FFT), plus the total over all regions;
 * regionOf null puts every point in region 0.
 */
export function fscByRegion(
  a: VolumeInput,
  b: VolumeInput,
  regionOf: RegionOf | null,
  nRegions: number,
  options: FscOptions,
  what: string,
): { regions: FscResult[]; total: FscResult } {
  checkSameShape(a, b, what);
  const { nx, ny, nz } = a;
  const m = Math.max(nx, ny, nz);
  const width = options.shellWidth ?? 1;
  if (!(width > 0)) throw new WedgeLabError('bad-argument', `${what}: shellWidth must be > 0 (got ${width})`);
  const nShells = Math.floor(m / (2 * width));
  if (nShells < 1)
    throw new WedgeLabError('bad-argument', `${what}: volume ${nx}×${ny}×${nz} is too small for FSC`);
  const voxelSizeA = options.voxelSizeA ?? a.voxelSizeA?.[0] ?? 1;
  const z = fftRealPair3d(a.data, b.data, nx, ny, nz, subHooks(options, 0, 0.6));
  // one extra row after the regions holds the total
  const size = (nRegions + 1) * (nShells + 1);
  const totalRow = nRegions * (nShells + 1);
  const cross = new Float64Array(size);
  const powA = new Float64Array(size);
  const powB = new Float64Array(size);
  const count = new Float64Array(size);
  const shellScale = m / width;
  for (let kz = 0; kz < nz; kz++) {
    throwIfAborted(options.signal, what);
    options.onProgress?.(0.6 + (0.4 * kz) / nz);
    const fz = (kz <= nz / 2 ? kz : kz - nz) / nz;
    const mz = (nz - kz) % nz;
    for (let ky = 0; ky < ny; ky++) {
      const fy = (ky <= ny / 2 ? ky : ky - ny) / ny;
      const my = (ny - ky) % ny;
      const row = nx * (ky + ny * kz);
      const mrow = nx * (my + ny * mz);
      for (let kx = 0; kx < nx; kx++) {
        const fx = (kx <= nx / 2 ? kx : kx - nx) / nx;
        const shell = Math.round(Math.sqrt(fx * fx + fy * fy + fz * fz) * shellScale);
        if (shell < 1 || shell > nShells) continue;
        const region = regionOf ? regionOf(fx, fy, fz) : 0;
        if (region < 0) continue;
        const i = row + kx;
        const j = mrow + ((nx - kx) % nx);
        // P = Z(k), Q = conj Z(−k); A = (P+Q)/2, B = −i(P−Q)/2
        const pr = z.re[i];
        const pi = z.im[i];
        const qr = z.re[j];
        const qi = -z.im[j];
        const sr = pr + qr;
        const si = pi + qi;
        const dr = pr - qr;
        const di = pi - qi;
        const s = region * (nShells + 1) + shell;
        // Re(A·conj B) = −Im((P+Q)·conj(P−Q))/4
        cross[s] -= (si * dr - sr * di) * 0.25;
        powA[s] += (sr * sr + si * si) * 0.25;
        powB[s] += (dr * dr + di * di) * 0.25;
        count[s]++;
        if (nRegions > 1) {
          const t = totalRow + shell;
          cross[t] -= (si * dr - sr * di) * 0.25;
          powA[t] += (sr * sr + si * si) * 0.25;
          powB[t] += (dr * dr + di * di) * 0.25;
          count[t]++;
        }
      }
    }
  }
  options.onProgress?.(1);
  const results: FscResult[] = [];
  const rows = nRegions > 1 ? nRegions + 1 : 1;
  for (let r = 0; r < rows; r++) {
    const freq: number[] = [];
    const curve: number[] = [];
    const nPoints: number[] = [];
    for (let sh = 1; sh <= nShells; sh++) {
      const s = r * (nShells + 1) + sh;
      const den = Math.sqrt(powA[s] * powB[s]);
      freq.push((sh * width) / m);
      curve.push(den > 0 ? cross[s] / den : 0);
      nPoints.push(count[s]);
    }
    results.push({
      freq,
      fsc: curve,
      nPoints,
      fsc143: crossing(freq, curve, 0.143, voxelSizeA, nPoints),
      fsc05: crossing(freq, curve, 0.5, voxelSizeA, nPoints),
    });
  }
  return { regions: results.slice(0, nRegions), total: results[rows - 1] };
}

/**
 * First shell whose FSC falls below the threshold, linearly interpolated from the shell before it
 * (the first shell itself when it already starts below); null when the curve never drops below.
 * Empty shells (no points) are skipped.
 */
export function crossing(
  freq: number[],
  curve: number[],
  threshold: number,
  voxelSizeA = 1,
  nPoints?: number[],
): FscCrossing | null {
  let prev = -1;
  for (let i = 0; i < curve.length; i++) {
    if (nPoints && nPoints[i] === 0) continue;
    if (curve[i] < threshold) {
      let f = freq[i];
      if (prev >= 0) {
        const t = (curve[prev] - threshold) / (curve[prev] - curve[i]);
        f = freq[prev] + t * (freq[i] - freq[prev]);
      }
      return { freqPerPx: f, resolutionA: voxelSizeA > 0 ? voxelSizeA / f : null };
    }
    prev = i;
  }
  return null;
}
