// scikit-image's iradon applied slice by slice to a tilt series (through bench/skimage_iradon.py), with the
// geometry mapped as docs/geometry.md states: for a slice image[z, x], skimage at −θ equals our projection
// at θ, and skimage's rotation centre is column n//2 where ours is (n−1)/2. For even n the sinogram is
// resampled half a pixel (linear) so both rotate about the same point, and iradon's square output is
// sampled bilinearly on our voxel grid; both steps are outside the timed iradon calls.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const half = Math.floor(nu / 2) - (nu - 1) / 2; // 0 or 0.5
  // sinograms [y][view][u], resampled so skimage's centre column is our rotation centre
  const sino = new Float32Array(nv * nviews * nu);
  for (let k = 0; k < nviews; k++)
    for (let y = 0; y < nv; y++) {
      const src = k * nu * nv + y * nu;
      const dst = (y * nviews + k) * nu;
      for (let u = 0; u < nu; u++) {
        const a = series[src + u];
        const b = u > 0 ? series[src + u - 1] : 0;
        sino[dst + u] = half ? 0.5 * (a + b) : a;
      }
    }
  // row of iradon's output for our z: centre n//2 ↔ our (nz−1)/2
  const rowOf = (z: number) => Math.floor(nu / 2) + z - (nz - 1) / 2;
  const row0 = Math.max(0, Math.floor(rowOf(0)));
  const nrows = Math.min(nu - row0, Math.ceil(rowOf(nz - 1)) - row0 + 1);
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-iradon-'));
  try {
    writeFileSync(join(dir, 'sino.raw'), sino);
    const theta = anglesDeg.map((a) => String(-a)).join(',');
    const order = spreadOrder(nv).join(',');
    const args = [SCRIPT, join(dir, 'sino.raw'), String(nv), String(nviews), String(nu), theta];
    args.push(join(dir, 'out.raw'), String(budgetS), order, String(row0), String(nrows));
    const out = execFileSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const meta = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Omit<IradonRun, 'volume'>;
    const raw = readFileSync(join(dir, 'out.raw'));
    const imgs = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const volume = new Float32Array(nu * nv * nz);
    meta.done.forEach((y, i) => {
      const img = imgs.subarray(i * nrows * nu, (i + 1) * nrows * nu);
      for (let z = 0; z < nz; z++) {
        const r = rowOf(z) - row0;
        const r0 = Math.floor(r);
        const fr = r - r0;
        for (let x = 0; x < nu; x++) {
          const c = x + half;
          const c0 = Math.floor(c);
          const fc = c - c0;
          const at = (rr: number, cc: number) =>
            rr >= 0 && rr < nrows && cc >= 0 && cc < nu ? img[rr * nu + cc] : 0;
          const top = (1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1);
          const bottom = (1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1);
          volume[x + nu * (y + nv * z)] = (1 - fr) * top + fr * bottom;
        }
      }
    });
    return { ...meta, volume };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
