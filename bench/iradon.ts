// scikit-image's iradon applied slice by slice to a tilt series (through bench/skimage_iradon.py), with the
// geometry mapped as docs/geometry.md states: for a slice image[z, x], skimage at −θ equals our projection
// at θ. skimage's pixel grid is centred on n//2 where ours is centred on (n−1)/2 (x) and (nz−1)/2 (z), so for
// even sizes the grids differ by half a pixel. Rather than resampling iradon's input and output (linear
// resampling low-passes both, which changes its correlation with the truth by more than the effect being
// measured), each view is shifted exactly (Fourier shift, band-limited) by the amount that moves the object
// onto iradon's grid: iradon's pixel (column x, row z + rowOffset) is then our voxel (x, z) with no
// resampling of the output. The shifts are outside the timed iradon calls.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFft, nextPowerOfTwo } from '../src/core/fft/index.ts';

const PY = '/usr/bin/python3';
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'skimage_iradon.py');

export function hasIradon(): boolean {
  try {
    execFileSync(PY, ['-c', 'import skimage.transform'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface IradonRun {
  version: string;
  /** seconds in iradon calls for the slices done */
  seconds: number;
  /** y indices reconstructed (all, or an evenly spread subset when the budget ran out) */
  done: number[];
  /** the slab nx × ny × nz (x fastest), filled only at the rows in `done` */
  volume: Float32Array;
}

/** Slice indices in an order that spreads any prefix evenly over y (bit-reversal-like strides). */
export function spreadOrder(n: number): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (let step = 2 ** Math.ceil(Math.log2(n)); step >= 1; step /= 2)
    for (let y = 0; y < n; y += step)
      if (!seen.has(y)) {
        seen.add(y);
        order.push(y);
      }
  return order;
}

/**
 * Reconstructs the slab nz thick from `series` (nu × nv × nviews, x fastest) at `anglesDeg` with iradon's
 * ramp filter, stopping after the slice whose iradon time passes `budgetS`.
 */
export function iradonSlab(
  series: Float32Array,
  nu: number,
  nv: number,
  anglesDeg: readonly number[],
  nz: number,
  budgetS: number,
): IradonRun {
  const nviews = anglesDeg.length;
  const { rowOffset, shiftOf } = gridMatch(nu, nz);
  const sino = shiftedSinograms(series, nu, nv, anglesDeg, shiftOf);
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-iradon-'));
  try {
    writeFileSync(join(dir, 'sino.raw'), sino);
    const theta = anglesDeg.map((a) => String(-a)).join(',');
    const order = spreadOrder(nv).join(',');
    const args = [SCRIPT, join(dir, 'sino.raw'), String(nv), String(nviews), String(nu), theta];
    args.push(join(dir, 'out.raw'), String(budgetS), order, String(rowOffset), String(nz));
    const out = execFileSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const meta = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Omit<IradonRun, 'volume'>;
    const raw = readFileSync(join(dir, 'out.raw'));
    const imgs = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const volume = new Float32Array(nu * nv * nz);
    meta.done.forEach((y, i) => {
      for (let z = 0; z < nz; z++) {
        const src = imgs.subarray((i * nz + z) * nu, (i * nz + z + 1) * nu);
        volume.set(src, nu * (y + nv * z));
      }
    });
    return { ...meta, volume };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Puts our voxel (x, z) on iradon's pixel (x, z + rowOffset) of its n × n output. Positions relative to the
 * rotation centre: ours x − (n−1)/2 and z − (nz−1)/2, iradon's column − n//2 and row − n//2, so the object
 * must move by (dx, dz) = (iradon − ours) positions; a view at θ (u = x·cosθ + z·sinθ) then moves by
 * dx·cosθ + dz·sinθ while the detector's own centre moves by dx, hence the per-view shift below.
 */
export function gridMatch(n: number, nz: number): { rowOffset: number; shiftOf: (deg: number) => number } {
  const centre = Math.floor(n / 2);
  const rowOffset = Math.floor(centre - (nz - 1) / 2);
  const dx = (n - 1) / 2 - centre;
  const dz = rowOffset - centre + (nz - 1) / 2;
  return {
    rowOffset,
    shiftOf: (deg) => {
      const t = (deg * Math.PI) / 180;
      return dx * (1 - Math.cos(t)) - dz * Math.sin(t);
    },
  };
}

/** Sinograms [y][view][u] with view k's rows sampled at u + shift(θ_k) (Fourier shift on a zero-padded row). */
function shiftedSinograms(
  series: Float32Array,
  nu: number,
  nv: number,
  anglesDeg: readonly number[],
  shiftOf: (deg: number) => number,
): Float32Array {
  const nviews = anglesDeg.length;
  const length = nextPowerOfTwo(2 * nu);
  const fft = createFft(length);
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  const sino = new Float32Array(nv * nviews * nu);
  for (let k = 0; k < nviews; k++) {
    const shift = shiftOf(anglesDeg[k]);
    for (let y = 0; y < nv; y++) {
      const src = (k * nv + y) * nu;
      const dst = (y * nviews + k) * nu;
      if (shift === 0) {
        sino.set(series.subarray(src, src + nu), dst);
        continue;
      }
      re.fill(0);
      im.fill(0);
      for (let u = 0; u < nu; u++) re[u] = series[src + u];
      fft.forward(re, im);
      for (let j = 0; j < length; j++) {
        const phase = (2 * Math.PI * (j <= length / 2 ? j : j - length) * shift) / length;
        const c = Math.cos(phase);
        const s = Math.sin(phase);
        const a = re[j];
        re[j] = a * c - im[j] * s;
        im[j] = a * s + im[j] * c;
      }
      fft.inverse(re, im);
      for (let u = 0; u < nu; u++) sino[dst + u] = re[u];
    }
  }
  return sino;
}
