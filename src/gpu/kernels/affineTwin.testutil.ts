// Test-only CPU twin of the kernels in float64, written straight from the AffineView definition
// (splat form for forward, gather form for back), independent of the WGSL's loop structure.
import type { AffineView, DetectorDims, VolumeDims } from './views.ts';

function eachFootprint(
  view: AffineView,
  x: number,
  y: number,
  z: number,
  det: DetectorDims,
  visit: (pixel: number, w: number) => void,
): void {
  const u = view.u[0] * x + view.u[1] * y + view.u[2] * z + view.u[3];
  const v = view.v[0] * x + view.v[1] * y + view.v[2] * z + view.v[3];
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  for (const [i, wi] of [
    [i0, 1 - (u - i0)],
    [i0 + 1, u - i0],
  ])
    for (const [j, wj] of [
      [j0, 1 - (v - j0)],
      [j0 + 1, v - j0],
    ]) {
      if (i < 0 || i >= det.nu || j < 0 || j >= det.nv) continue;
      visit(i + det.nu * j, view.weight * wi * wj);
    }
}

export function twinForward(
  views: AffineView[],
  vol: VolumeDims,
  det: DetectorDims,
  f: Float32Array,
): Float64Array {
  const out = new Float64Array(det.nu * det.nv * views.length);
  views.forEach((view, k) => {
    const off = k * det.nu * det.nv;
    for (let z = 0; z < vol.nz; z++)
      for (let y = 0; y < vol.ny; y++)
        for (let x = 0; x < vol.nx; x++) {
          const val = f[x + vol.nx * (y + vol.ny * z)];
          eachFootprint(view, x, y, z, det, (p, w) => (out[off + p] += w * val));
        }
  });
  return out;
}

export function twinBack(
  views: AffineView[],
  vol: VolumeDims,
  det: DetectorDims,
  g: Float32Array,
): Float64Array {
  const out = new Float64Array(vol.nx * vol.ny * vol.nz);
  views.forEach((view, k) => {
    const off = k * det.nu * det.nv;
    for (let z = 0; z < vol.nz; z++)
      for (let y = 0; y < vol.ny; y++)
        for (let x = 0; x < vol.nx; x++) {
          let acc = 0;
          eachFootprint(view, x, y, z, det, (p, w) => (acc += w * g[off + p]));
          out[x + vol.nx * (y + vol.ny * z)] += acc;
        }
  });
  return out;
}

/** max |a − b| / max |b|: the brief's relative error. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

/** Deterministic pseudo-random values in [−0.5, 0.5) (mulberry32). */
export function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return out;
}
