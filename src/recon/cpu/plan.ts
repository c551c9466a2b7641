/**
 * Splitting a projector call into Y-slab tasks, and the detector windows each slab touches. A slab
 * [y0, y1) × all x × all z maps (affinely) into a parallelogram on each view; its bounding box, grown by a
 * pixel and clipped to the detector, is the only part of that view the slab reads (back) or writes (forward).
 * Threads that cannot share memory get just these windows, copied, instead of the whole stack.
 */
import type { DetectorDims, ViewAffine, VolumeDims } from '../../core/geometry/index.ts';
import { COEF, WIN } from './kernels.ts';

/** Per-view coefficients of the views in `views` (in that order), COEF per view. */
export function packCoefficients(affines: readonly ViewAffine[], views: readonly number[]): Float64Array {
  const coef = new Float64Array(views.length * COEF);
  views.forEach((k, i) => {
    const m = affines[k];
    coef.set([m.u0, m.ux, m.uy, m.uz, m.v0, m.vx, m.vy, m.vz, m.weight], i * COEF);
  });
  return coef;
}

/** Whole-detector windows: view i lives at offset views[i]·nu·nv of the full projection stack. */
export function fullWindows(det: DetectorDims, views: readonly number[]): Int32Array {
  const win = new Int32Array(views.length * WIN);
  views.forEach((k, i) => win.set([0, det.nu - 1, 0, det.nv - 1, k * det.nu * det.nv], i * WIN));
  return win;
}

/**
 * Bounding windows of slab [y0, y1) on each view, packed one after another (offsets from 0); returns the
 * windows and the total number of pixels. A view that misses the slab gets an empty window (uHi < uLo).
 */
export function slabWindows(
  coef: Float64Array,
  vol: VolumeDims,
  det: DetectorDims,
  y0: number,
  y1: number,
): { win: Int32Array; pixels: number } {
  const nviews = coef.length / COEF;
  const win = new Int32Array(nviews * WIN);
  let offset = 0;
  for (let i = 0; i < nviews; i++) {
    const c = i * COEF;
    const [uMin, uMax] = extent(coef, c, vol, y0, y1);
    const [vMin, vMax] = extent(coef, c + 4, vol, y0, y1);
    // floor(u) and floor(u)+1 are touched; one more pixel each side absorbs rounding
    const uLo = Math.max(0, Math.floor(uMin) - 1);
    const uHi = Math.min(det.nu - 1, Math.floor(uMax) + 2);
    const vLo = Math.max(0, Math.floor(vMin) - 1);
    const vHi = Math.min(det.nv - 1, Math.floor(vMax) + 2);
    if (uHi < uLo || vHi < vLo) {
      win.set([1, 0, 1, 0, offset], i * WIN);
      continue;
    }
    win.set([uLo, uHi, vLo, vHi, offset], i * WIN);
    offset += (uHi - uLo + 1) * (vHi - vLo + 1);
  }
  return { win, pixels: offset };
}

/** Min and max over the slab's 8 corners of c0 + cx·x + cy·y + cz·z (coef[c..c+3]). */
function extent(coef: Float64Array, c: number, vol: VolumeDims, y0: number, y1: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const x of [0, vol.nx - 1])
    for (const y of [y0, y1 - 1])
      for (const z of [0, vol.nz - 1]) {
        const t = coef[c] + coef[c + 1] * x + coef[c + 2] * y + coef[c + 3] * z;
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
  return [min, max];
}

/** Copies each view's window out of the full stack (`views[i]` is the stack index of window i). */
export function gatherWindows(
  full: Float32Array,
  det: DetectorDims,
  views: readonly number[],
  win: Int32Array,
  pixels: number,
): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < views.length; i++) {
    const [uLo, uHi, vLo, vHi, off] = win.subarray(i * WIN, i * WIN + WIN);
    const wu = uHi - uLo + 1;
    const base = views[i] * det.nu * det.nv;
    for (let j = vLo; j <= vHi; j++) {
      const src = base + j * det.nu + uLo;
      out.set(full.subarray(src, src + wu), off + (j - vLo) * wu);
    }
  }
  return out;
}

/** Adds each view's window into the full stack: the per-slab partial projections of `forward`. */
export function addWindows(
  full: Float32Array,
  det: DetectorDims,
  views: readonly number[],
  win: Int32Array,
  part: Float32Array,
): void {
  for (let i = 0; i < views.length; i++) {
    const o = i * WIN;
    const uLo = win[o];
    const uHi = win[o + 1];
    const wu = uHi - uLo + 1;
    const base = views[i] * det.nu * det.nv;
    for (let j = win[o + 2]; j <= win[o + 3]; j++) {
      const dst = base + j * det.nu + uLo;
      const src = win[o + 4] + (j - win[o + 2]) * wu;
      for (let t = 0; t < wu; t++) full[dst + t] += part[src + t];
    }
  }
}

/** Rows [y0, y1) of every plane, copied into a dense slab (index x + nx·(y − y0) + nx·(y1 − y0)·z). */
export function gatherSlab(vol: Float32Array, dims: VolumeDims, y0: number, y1: number): Float32Array {
  const plane = dims.nx * (y1 - y0);
  const out = new Float32Array(plane * dims.nz);
  for (let z = 0; z < dims.nz; z++) {
    const src = dims.nx * (y0 + dims.ny * z);
    out.set(vol.subarray(src, src + plane), plane * z);
  }
  return out;
}

/** The inverse of gatherSlab: writes a dense slab back into the volume. */
export function scatterSlab(vol: Float32Array, dims: VolumeDims, y0: number, y1: number, slab: Float32Array) {
  const plane = dims.nx * (y1 - y0);
  for (let z = 0; z < dims.nz; z++)
    vol.set(slab.subarray(plane * z, plane * (z + 1)), dims.nx * (y0 + dims.ny * z));
}

/** Y ranges for `threads` threads: at least 3 per thread (load balance), slabs ≤ maxSlabBytes, ≤ ny. */
export function splitRows(
  dims: VolumeDims,
  threads: number,
  maxSlabBytes = 32 * 2 ** 20,
): [number, number][] {
  const bytesPerRow = 4 * dims.nx * dims.nz;
  const byMemory = Math.ceil((bytesPerRow * dims.ny) / maxSlabBytes);
  const n = Math.min(dims.ny, Math.max(3 * threads, byMemory));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor((i * dims.ny) / n);
    const b = Math.floor(((i + 1) * dims.ny) / n);
    if (b > a) out.push([a, b]);
  }
  return out;
}
